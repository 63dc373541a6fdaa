// Lints Dockerfiles: syntax and instruction checks of dockerfile-utils (the VS Code Dockerfile linter), then the
// project's rules: pinned base images, a non-root USER in the final stage, exec-form ENTRYPOINT.
import { readFileSync } from "node:fs";
import { validate } from "dockerfile-utils";

let failures = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  for (const d of validate(text)) {
    // severity 1 = error, 2 = warning: both fail the build
    failures++;
    console.error(`  ${file}:${d.range.start.line + 1}: ${d.message}`);
  }
  const lines = text.split("\n").map(l => l.trim()).filter(l => l && !l.startsWith("#"));
  const args = Object.fromEntries(lines.filter(l => /^ARG\s+\w+=/.test(l))
      .map(l => l.replace(/^ARG\s+/, "").split("=")).map(([k, v]) => [k, v.replace(/"/g, "")]));
  const froms = lines.filter(l => /^FROM\s/i.test(l));
  for (const from of froms) {
    const image = from.split(/\s+/)[1].replace(/^\$\{(\w+)\}$/, (_, name) => args[name] ?? "");
    if (!image.includes(":") || image.endsWith(":latest")) {
      failures++; console.error(`  ${file}: base image not pinned: ${from}`);
    }
  }
  const lastStage = lines.slice(lines.lastIndexOf(froms[froms.length - 1]));
  const user = lastStage.filter(l => /^USER\s/i.test(l)).pop();
  if (!user || /^USER\s+(root|0)(:|$)/i.test(user)) { failures++; console.error(`  ${file}: final stage must set a non-root USER`); }
  const entrypoint = lastStage.filter(l => /^(ENTRYPOINT|CMD)\s/i.test(l)).pop();
  if (!entrypoint || !/^(ENTRYPOINT|CMD)\s+\[/i.test(entrypoint)) { failures++; console.error(`  ${file}: ENTRYPOINT must use the exec (JSON) form`); }
  console.log(`${file}: ${failures ? "problems" : "ok"}`);
}
process.exit(failures ? 1 : 0);
