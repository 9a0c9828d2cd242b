/** Prints a bench result file as a Markdown table (for the README): `npx tsx tests/bench/table.ts FILE`. */
import fs from "node:fs";
import { type BenchRow, fmt } from "./stats";

const result = JSON.parse(fs.readFileSync(process.argv[2], "utf8")) as { figures: BenchRow[] };
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
