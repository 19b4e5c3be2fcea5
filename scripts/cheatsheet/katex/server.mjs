// One KaTeX process for the whole build.
// Protocol: one JSON object per line on stdin, one JSON answer per line on stdout.
//   request  {"items": [{"tex": "...", "display": true}, ...], "macros": {...}}
//   answer   {"results": [{"html": "..."} | {"error": "..."}, ...]}
// A first line {"hello": true} is answered with {"katex": "<version>"}.
import katex from "katex";
import readline from "node:readline";

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });

function renderOne(item, macros) {
  try {
    const html = katex.renderToString(item.tex, {
      displayMode: Boolean(item.display),
      throwOnError: true,
      strict: "error",
      trust: false,
      output: "htmlAndMathml",
      macros: { ...macros },
    });
    return { html };
  } catch (err) {
    return { error: String(err && err.message ? err.message : err) };
  }
}

rl.on("line", (line) => {
  let answer;
  try {
    const request = JSON.parse(line);
    if (request.hello) {
      answer = { katex: katex.version };
    } else {
      const macros = request.macros || {};
      answer = { results: request.items.map((item) => renderOne(item, macros)) };
    }
  } catch (err) {
    answer = { fatal: String(err) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
