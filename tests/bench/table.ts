/** Prints a bench result file as a Markdown table (for the README): `npx tsx tests/bench/table.ts FILE`. */
import fs from "node:fs";

const result = JSON.parse(fs.readFileSync(process.argv[2], "utf8")) as {
  figures: {
    figure: string;
    value: number;
    unit: string;
    baseline: number | null;
    baselineName: string;
    ratio: number | null;
    goal: string;
    pass: boolean | null;
  }[];
};
const fmt = (n: number) =>
  Math.abs(n) >= 100
    ? Math.round(n).toLocaleString("en")
    : Math.abs(n) >= 1
    ? n.toFixed(2).replace(/\.?0+$/, "")
    : n.toPrecision(2);
console.log("| figure | value | baseline | ratio | goal | result |\n|---|---|---|---|---|---|");
for (const f of result.figures) {
  console.log(
    `| ${f.figure} | ${fmt(f.value)} ${f.unit} | ${
      f.baseline === null ? "—" : `${fmt(f.baseline)} (${f.baselineName})`
    } | ${f.ratio === null ? "—" : `×${fmt(f.ratio)}`} | ${f.goal} | ${
      f.pass === null ? "—" : f.pass ? "pass" : "**fail**"
    } |`
  );
}
