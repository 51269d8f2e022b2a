/**
 * The two baselines of the benchmark, each run as its own process:
 *   A — a bare Koa app answering a constant JSON body (the HTTP stack's own cost);
 *   B — a bare Koa handler running the same bill query as GET /api/bills with the native
 *       `mongodb` driver, with no auth, validation or mongoose (the database's own cost).
 * Usage: tsx test/bench/baselines.ts a|b <port> [mongodb-uri db-name]
 */
import Koa from 'koa';
import { MongoClient, ObjectId } from 'mongodb';

const [kind, portText, uri, dbName] = process.argv.slice(2);
const port = Number(portText);
const app = new Koa();

if (kind === 'a') {
  const body = { ok: true, items: [{ id: 1, name: '水费', amountFen: 12050 }] };
  app.use((ctx) => {
    ctx.body = body;
  });
} else if (kind === 'b' && uri && dbName) {
  const client = await MongoClient.connect(uri, { maxPoolSize: 50 });
  const bills = client.db(dbName).collection('bills');
  app.use(async (ctx) => {
    const accountId = String(ctx.query.accountId ?? '');
    if (!ObjectId.isValid(accountId)) {
      ctx.status = 400;
      return;
    }
    ctx.body = await bills
      .find({ accountId: new ObjectId(accountId) })
      .sort({ period: -1 })
      .limit(50)
      .toArray();
  });
} else {
  process.stderr.write('usage: baselines.ts a|b <port> [mongodb-uri db-name]\n');
  process.exit(2);
}

app.listen(port, '127.0.0.1', () => process.stdout.write(`baseline ${kind} listening on ${port}\n`));
