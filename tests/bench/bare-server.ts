/**
 * The bench's ceiling: a bare node:http server that reads the body and answers
 * a small JSON, as the ingest API would for one item. Run as its own process
 * (`node --import tsx bare-server.ts`), PORT from the environment.
 */
import http from "node:http";

const body = JSON.stringify({ results: [{ id: "3b241101-e2bb-4255-8caf-4136c566a962", status: "created" }] });

http
  .createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(body),
      });
      res.end(body);
    });
  })
  .listen(Number(process.env.PORT), "127.0.0.1", () => console.log("listening"));
