// Keeps the in-memory vacancy index in step with the database. Another
// process may import vacancies at any time, so the table's fingerprint is
// checked at most once per `checkEveryMs` and the index rebuilt when it moved.

import type { Db } from '../db/client.ts';
import { loadPublishedVacancies, vacancyVersion } from '../db/vacancies.ts';
import type { JobWords } from '../domain/job-words.ts';
import { VacancyIndex } from '../domain/vacancy-index.ts';

export class VacancyCatalog {
  private index: VacancyIndex | null = null;
  private version = '';
  private checkedAt = 0;
  private refreshing: Promise<VacancyIndex> | null = null;

  constructor(
    private readonly db: Db,
    private readonly jobs: JobWords,
    private readonly timeZone: string,
    private readonly checkEveryMs = 1000,
  ) {}

  /** The current index, rebuilt first if the vacancy table changed. */
  async current(): Promise<VacancyIndex> {
    if (this.index && Date.now() - this.checkedAt < this.checkEveryMs) return this.index;
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** Forget the check time so the next call looks at the database (after an import in this process). */
  invalidate(): void {
    this.checkedAt = 0;
  }

  private async refresh(): Promise<VacancyIndex> {
    const version = await vacancyVersion(this.db);
    this.checkedAt = Date.now();
    if (!this.index || version !== this.version) {
      this.index = new VacancyIndex(await loadPublishedVacancies(this.db), this.jobs, this.timeZone);
      this.version = version;
    }
    return this.index;
  }
}
