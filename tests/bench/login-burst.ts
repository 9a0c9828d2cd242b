/**
 * A burst of sign-ins for `npm run bench -- --only login-burst`, sent from a
 * process of its own so that sending it does not slow the bench's probes.
 * Prints "ready", waits for a line on stdin, then posts BURST_SIZE wrong
 * passwords for BURST_USERNAME at once — all from one loopback address, or
 * each from its own (BURST_FROM=many) — and prints the answers by status as
 * JSON when the last has come back.
 */
import { loopback, postFrom, statusCounts } from "../helpers/addresses";

const url = process.env.BURST_URL!;
const size = Number(process.env.BURST_SIZE ?? 1000);
const username = process.env.BURST_USERNAME ?? "admin";
const first = Number(process.env.BURST_ADDRESS ?? 1);
const many = process.env.BURST_FROM === "many";

async function burst() {
  const answers = await Promise.all(
    Array.from({ length: size }, (_, i) =>
      postFrom(url, "/login", { username, password: `sai-mat-khau-${i}` }, { from: loopback(many ? first + i : first) })
    )
  );
  process.stdout.write(`${JSON.stringify(statusCounts(answers))}\n`);
  process.exit(0);
}

process.stdout.write("ready\n");
// A failed burst rejects unhandled, which ends this process with the error: the bench sees it exit.
process.stdin.once("data", () => void burst());
