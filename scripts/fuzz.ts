// Randomized fault injection (test/fuzz/reconnectScenario.ts): seeds of a room with 2-4 clients behind proxies that
// cut, freeze and deafen their connections and a host restarted from its history file, then what every client
// holds checked against the server. Bounded: each seed at most 30 s, all of them at most the budget.
// Usage: npm run fuzz -- [firstSeed] [count]   (FUZZ_BUDGET_MS=600000; FUZZ_VERBOSE=1: the action log of a failing seed)
// Exits 1 when a seed broke something: rerun it alone with its number to see it again. Run it on a quiet machine:
// its clients ping every 150 ms, and a machine busy enough to stall them (a load average of 7 on 2 cores, a CI run
// beside it) ends a seed with every client "not connected at the end", a drop that was real for them.
import { configFor, runScenario } from '../test/fuzz/reconnectScenario';
import { sleep } from '../test/node/helpers';

async function main(): Promise<void> {
  const first = Number(process.argv[2] ?? 1);
  const n = Number(process.argv[3] ?? 50);
  const budgetMs = Number(process.env.FUZZ_BUDGET_MS ?? 600_000);
  const start = Date.now();
  let failed = 0;
  for (let seed = first; seed < first + n && Date.now() - start < budgetMs; seed++) {
    const cfg = configFor(seed);
    const res = await Promise.race([runScenario(cfg), sleep(30_000).then(() => ({ violations: ['scenario timed out (30 s)'], log: [] as string[], stats: {} }))]);
    console.log(`seed ${seed} clients=${cfg.clients} hold=${cfg.holdSeatMs} highRate=${cfg.highRate} restarts=${cfg.restarts}: ${res.violations.length} violation(s) ${JSON.stringify(res.stats)}`);
    for (const v of res.violations.slice(0, 15)) console.log(`  ! ${v}`);
    if ((res.violations.length > 0 && process.env.FUZZ_VERBOSE) || process.env.FUZZ_LOG) console.log(res.log.join('\n'));
    if (res.violations.length > 0) failed++;
  }
  console.log(failed === 0 ? 'no seed broke anything' : `${failed} seed(s) broke something`);
  process.exit(failed === 0 ? 0 : 1);
}
void main();
