// Prints the API surface to schema/schema.graphql and the Federation 2 subgraph SDL (with its directives, which
// graphql's printSchema drops) to schema/subgraph.graphql; with --check, fails when either differs from the code.
import { readFile, writeFile } from 'node:fs/promises';
import { printSubgraphSchema } from '@apollo/subgraph';
import { printSchema } from 'graphql';
import { schema, subgraphSchema, subgraphSchemaWithoutNodeFields } from '../src/schema/index.js';

const outputs = [
  { file: 'schema/schema.graphql', printed: `${printSchema(schema)}\n` },
  { file: 'schema/subgraph.graphql', printed: `${printSubgraphSchema(subgraphSchema).trimEnd()}\n` },
  { file: 'schema/subgraph-without-node-fields.graphql', printed: `${printSubgraphSchema(subgraphSchemaWithoutNodeFields).trimEnd()}\n` },
];
const check = process.argv.includes('--check');
let stale = false;

for (const { file, printed } of outputs) {
  const target = new URL(`../${file}`, import.meta.url);
  if (!check) {
    await writeFile(target, printed);
    console.log(`wrote ${file}`);
  } else if ((await readFile(target, 'utf8').catch(() => '')) !== printed) {
    console.error(`${file} is out of date: run \`npm run schema\` and commit the result.`);
    stale = true;
  } else {
    console.log(`${file} is up to date.`);
  }
}

if (stale) process.exit(1);
