// `pasker staff add NAME --role admin|reviewer|petugas [--name "Bu Sari"]`
// creates a console account and prints its one-time password;
// `pasker staff list`, `reset NAME`, `disable NAME`, `enable NAME`.

import os from 'node:os';
import { prepareDatabase } from '../app/runtime.ts';
import type { Config } from '../config.ts';
import { audit } from '../db/audit.ts';
import { createLogger } from '../log.ts';
import { addStaff, isRole, resetStaffPassword, ROLES, StaffError } from '../web/staff-accounts.ts';

const USAGE = `usage: pasker staff add NAME --role ${ROLES.join('|')} [--name "DISPLAY NAME"]
       pasker staff list | reset NAME | disable NAME | enable NAME`;

const option = (args: string[], name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

export async function staff(config: Config, args: string[]): Promise<number> {
  const [action, name] = args;
  if (!action || (action !== 'list' && !name)) {
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  const db = await prepareDatabase(config, createLogger('warn'));
  const by = `cli:${os.userInfo().username}`;
  try {
    if (action === 'list') {
      for (const s of await db.staffAccount.findMany({ orderBy: { username: 'asc' } })) {
        const state = s.disabledAt ? 'disabled' : s.lockedUntil && s.lockedUntil > new Date() ? 'locked' : s.mustChangePassword ? 'one-time password' : 'active';
        process.stdout.write(`${s.username}\t${s.role}\t${state}\t${s.displayName}\n`);
      }
      return 0;
    }
    if (action === 'add') {
      const role = option(args, '--role') ?? '';
      if (!isRole(role)) throw new StaffError(`--role must be one of ${ROLES.join(', ')}`);
      const made = await addStaff(db, { username: name!, displayName: option(args, '--name') ?? name!, role, by });
      process.stdout.write(`Account ${name!.toLowerCase()} (${role}) created.\nOne-time password: ${made.password}\nSign in at /admin on the console (PORT); a new password is asked for at the first sign-in.\n`);
      return 0;
    }
    const row = await db.staffAccount.findUnique({ where: { username: name!.toLowerCase() } });
    if (!row) throw new StaffError(`no account "${name}" (see: pasker staff list)`);
    if (action === 'reset') {
      const password = await resetStaffPassword(db, row.id, by);
      process.stdout.write(`New one-time password for ${row.username}: ${password}\n(The account is unlocked and signed out everywhere.)\n`);
      return 0;
    }
    if (action === 'disable' || action === 'enable') {
      await db.staffAccount.update({ where: { id: row.id }, data: { disabledAt: action === 'disable' ? new Date() : null } });
      if (action === 'disable') await db.staffSession.deleteMany({ where: { staffId: row.id } });
      await audit(db, { actor: by, action: `staff.${action}`, target: `staff:${row.id}`, detail: row.username });
      process.stdout.write(`${row.username} ${action}d\n`);
      return 0;
    }
    process.stderr.write(`${USAGE}\n`);
    return 1;
  } catch (err) {
    if (err instanceof StaffError) {
      process.stderr.write(`pasker staff: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await db.$disconnect();
  }
}
