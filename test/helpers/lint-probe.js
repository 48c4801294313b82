// Lints pieces of code as if they were files of the repository and prints the rules that fired, as
// JSON. A process of its own: ESLint loads its config with a dynamic import, which Jest's module
// sandbox does not run. Input on stdin: [{ "file": "domain/x.ts", "code": "…" }, …].
const { ESLint } = require('eslint');
const { join } = require('node:path');

async function main() {
  const root = join(__dirname, '..', '..');
  const cases = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
  const eslint = new ESLint({ cwd: root });
  const fired = [];
  for (const c of cases) {
    const [result] = await eslint.lintText(c.code, { filePath: join(root, c.file) });
    fired.push(result.messages.map((m) => m.ruleId ?? m.message));
  }
  process.stdout.write(JSON.stringify(fired));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
