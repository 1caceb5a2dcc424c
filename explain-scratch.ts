import { sql } from 'kysely';
const { openDatabase } = await import('/work/wt/register/src/storage/database.ts');
const h = await openDatabase({ dataDir: '/tmp/rb/pgl' });
const db = h.db;
process.env.VITREEM_DATA_KEY = (await sql<{ value: string }>`select value from bench_meta where key = 'data_key'`.execute(db)).rows[0].value;
const { blindIndex } = await import('/work/wt/register/src/storage/crypto.ts');
for (const terms of [['t:nguyen'], ['t:van'], ['p:an'], ['t:nguyen','t:van','p:an'], ['t:an'], ['p:phuong'], ['t:giang','t:gia','p:phuong']]) {
  const arr = terms.map(blindIndex);
  const times = [];
  let n = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    n = (await sql.raw<any>(`select count(*) as n from child where name_index @> '{${arr.join(',')}}'::text[]`).execute(db)).rows[0].n;
    times.push(performance.now() - t);
  }
  console.log(terms.join(' '), n, times.map(Math.round).join(' '));
}
console.log((await sql.raw<any>(`select pg_size_pretty(pg_relation_size('child_name_index')) s`).execute(db)).rows);
await h.close();
