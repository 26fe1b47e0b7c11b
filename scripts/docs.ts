// Writes what the documentation takes from the code: docs/configuration.md (every environment variable, from
// src/config.ts) and the table of error codes in docs/api.md (from src/errors.ts). With --check, fails when a page
// differs from what the code says.
import { readFile, writeFile } from 'node:fs/promises';
import { SETTING_GROUPS, SETTINGS } from '../src/config.js';
import { ERRORS } from '../src/errors.js';

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function configurationPage(): string {
  const lines = [
    '# Configuration',
    '',
    '<!-- Written by `npm run docs` from src/config.ts: edit the descriptions there. -->',
    '',
    'Every setting comes from an environment variable, read and checked once at start: a bad value stops start-up',
    'with a message naming the variable. Unset variables take their default; an empty value counts as unset.',
  ];
  for (const group of SETTING_GROUPS) {
    lines.push('', `## ${group}`, '', '| variable | default | values | what it does |', '|---|---|---|---|');
    for (const [name, setting] of Object.entries(SETTINGS)) {
      if (setting.group !== group) continue;
      const shown = setting.shown === undefined ? '—' : `\`${setting.shown}\``;
      lines.push(`| \`${name}\` | ${cell(shown)} | ${cell(setting.values)} | ${cell(setting.doc)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const ERRORS_START = '<!-- error codes: written by `npm run docs` from src/errors.ts -->';
const ERRORS_END = '<!-- end of error codes -->';

function errorTable(): string {
  const rows = Object.entries(ERRORS).map(
    ([code, kind]) => `| \`${code}\` | ${kind.status} | ${kind.transient ? 'yes' : 'no'} | ${cell(kind.message)} |`,
  );
  return [ERRORS_START, '| code | HTTP status | try again later | message |', '|---|---|---|---|', ...rows, ERRORS_END].join('\n');
}

async function withErrorTable(path: string): Promise<string> {
  const page = await readFile(path, 'utf8');
  const start = page.indexOf(ERRORS_START);
  const end = page.indexOf(ERRORS_END);
  if (start === -1 || end === -1) throw new Error(`${path} has no error-code markers`);
  return page.slice(0, start) + errorTable() + page.slice(end + ERRORS_END.length);
}

const pages = [
  { file: 'docs/configuration.md', content: async () => configurationPage() },
  { file: 'docs/api.md', content: () => withErrorTable('docs/api.md') },
];

const check = process.argv.includes('--check');
let stale = false;
for (const { file, content } of pages) {
  const wanted = await content();
  const current = await readFile(file, 'utf8').catch(() => '');
  if (current === wanted) continue;
  if (check) {
    console.error(`${file} is out of date: run \`npm run docs\` and commit the result.`);
    stale = true;
  } else {
    await writeFile(file, wanted);
    console.log(`wrote ${file}`);
  }
}
if (stale) process.exit(1);
