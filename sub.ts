import { openDb } from './src/db/client.ts';
import { silentLogger } from './src/log.ts';
const db = openDb(process.env.DATABASE_URL!, silentLogger);
const c = await db.contact.create({ data: { channel: 'telegram', externalId: '9001', lastSeenAt: new Date() } });
await db.subscription.create({ data: { contactId: c.id, kecamatan: '', educationRank: 8, keyword: null, immediate: true, lastDigestAt: new Date() } });
await db.$disconnect();
