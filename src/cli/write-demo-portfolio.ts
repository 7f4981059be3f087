// Writes src/demo/hampshire-portfolio.xlsx: the demo's portfolio with its dated history, exported as
// an office would import it (src/imports/roundtrip.test.ts checks it is current and imports it).
// Run: npx tsx src/cli/write-demo-portfolio.ts (the entry points, cli/, may build the whole app)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServices } from '../app.js';
import { testConfig } from '../config.js';
import { seedDemo } from '../demo/demo.js';
import { createDb } from '../platform/db/client.js';

// No folder: an in-memory database, migrated.
const database = await createDb({});
try {
  const services = createServices({ db: database.db, config: testConfig() });
  const demo = await seedDemo({ services });
  const out = fileURLToPath(new URL('../demo/hampshire-portfolio.xlsx', import.meta.url));
  writeFileSync(out, await services.imports.exportHistory(demo.office.id));
  console.log(`Written: ${out}`);
} finally {
  await database.close();
}
