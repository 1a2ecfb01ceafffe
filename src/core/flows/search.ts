// Finding vacancies: any mix of kecamatan, education and job word, asked one
// at a time when missing; "Cikarang", "Tambun" and "Bekasi" asked, never
// guessed; lists of five with "lagi"; details and how to apply by number or
// by "yang kedua", "yang paling bawah", "yang kedua tadi"; an honest "nothing
// matches" with only alternatives that exist.

import { educationLabel, educationRank, type Education } from '../../domain/education.ts';
import { formatDate } from '../../domain/time.ts';
import { NO_FILTERS, type Vacancy, type VacancyFilters } from '../../domain/vacancy.ts';
import { describeFilters, listNames, salaryLine, vacancyChoice, vacancyDetails } from '../format.ts';
import type { Catalogue } from '../messages.ts';
import type { Action, Screen } from '../types.ts';
import type { Dialogue } from '../dialogue.ts';
import type { FlowHandler, ScreenOf } from './flow.ts';

export const PAGE = 5;
const MAX_IDS = 100;

const VACANCY_WORDS = /\b(loker|lowongan|lowker|lokr|lowongn|lowngan|kerja|kerjaan|pekerjaan|vacancy|vacancies|job|jobs)\b/;
// Words that start or end a short follow-up to the last search.
const FOLLOW_UP = /^(yang|yg|kalau|kalo|klo|kl|gimana kalau|gmn kalau|terus|trus|di|buat|untuk|utk|lulusan|tamatan|daerah|kalau yang|kalo yg|yaudah|ya udah|yaudh)\b|\b(aja|saja|dong|deh|dah)$/;
// What a question about one vacancy asks for.
const ASK_SALARY = /\b(gaji|gajinya|gajih|upah|upahnya|bayaran|salary|digaji|umk)\b/;
const ASK_APPLY = /\b(cara (daftar|daptar|melamar|lamar|apply|ngelamar|masukin|kirim)|daftarnya|melamarnya|lamarnya|ngelamarnya|dateng langsung|datang langsung|walk ?in|kirim lamaran|apply|dimana daftarnya|daftar dimana|daftar kemana|lamar kemana|melamar kemana|kudu dateng|harus datang|harus dateng)\b/;
// "nerima lulusan paket B ga?", "smp bisa?": whether the person's schooling is enough.
const ASK_EDUCATION = /\b(nerima|menerima|terima|diterima|bisa|boleh|masuk|cukup)\b.{0,25}\b(lulusan|tamatan|ijazah|paket [abc]|sd|smp|sma|smk|d3|s1)\b|\b(lulusan|tamatan|ijazah|paket [abc]|sd|smp|sma|smk|d3|s1)\b.{0,15}\b(bisa|boleh|diterima|masuk|nerima|cukup)\b/;
const ASK_CLOSING = /\b(tutup|tutupnya|ditutup|batas|batasnya|deadline|sampai kapan|sampe kapan|smp kapan|terakhir daftar|kapan terakhir|berakhir)\b/;
// "yg sy buka pertama td": the first vacancy opened in this chat.
const FIRST_OPENED = /\b(yang|yg) (sy |saya |aku |ku |gw )?(buka|liat|lihat|klik) (pertama|duluan|paling awal)\b|\b(buka|liat|lihat) (yang|yg) pertama (td|tadi)\b/;
// "yg paling atas di daftar pertama td": the first list shown, not the page on screen.
const FIRST_LIST = /\b(daftar|list|halaman|hal) (pertama|awal|sebelumnya|yang pertama|yg pertama|pertama td|pertama tadi)\b/;
// "batas umurnya brp?", "umur 30 masih bisa?", "cewek boleh?", "alamatnya dimana?": from the vacancy's data.
const ASK_AGE = /\b(umur|umurnya|usia|usianya|batas umur|batas usia|maksimal umur|max umur|umur maks)\b/;
const ASK_GENDER = /\b(cewek|cewe|cowok|cowo|perempuan|wanita|laki|pria|ibu ibu)\b.{0,20}\b(boleh|bisa|diterima|nerima|ga|gak|tidak)\b|\b(khusus|untuk|buat) (cewek|cewe|cowok|cowo|perempuan|wanita|laki|pria)\b/;
const ASK_ADDRESS = /\b(alamat|alamatnya|lokasi|lokasinya|dimana|di mana|daerah mana|kawasan mana|tempatnya)\b/;
const COMPARE = /\b(duluan|lebih (dulu|duluan|cepat|awal)|mana (yang|yg) (duluan|dulu|lebih)|dulu mana|duluan mana)\b/;
const ASK_REQUIREMENTS = /\b(syarat|syaratnya|sarat|saratnya|persyaratan|kualifikasi|ketentuan|kriteria)\b/;
// Questions about a vacancy that its data may answer (experience, how many, what kind of contract) or never holds
// (working hours, a mess, meals): answered from the data, or said plainly to be not in it.
const ASK_EXPERIENCE = /\b(pengalaman|berpengalaman|fresh ?grad\w*|lulusan baru)\b/;
const ASK_QUOTA = /\b(butuh|perlu|cari|nyari|dibutuhkan|diterima|ambil|nerima) (berapa|brp)\b|\b(berapa|brp) (orang|org)\b|\bkuota\w*\b/;
const ASK_TYPE = /\b(kontrak|tetap|harian|magang|pkwt|pkwtt|outsourcing|outsource|os|status kerja\w*|status karyawan\w*)\b/;
const ASK_UNLISTED = /\b(jam kerja\w*|jam masuk\w*|masuk jam|shift\w*|sif|mess|mes|asrama|tempat tinggal|kos|kost|uang makan|makan siang|dapat makan|dapet makan|transport\w*|antar jemput|jemputan|tunjangan\w*|lembur\w*|bpjs\w*|asuransi|thr|bonus|libur\w*|cuti|seragam\w*|interview\w*|wawancara\w*|psikotes|tes kerja|test|tes|kontak\w*|no (hp|wa|telp|telepon)|nomor (hp|wa|telp|telepon)|nomer (hp|wa)|hrd\w*|email\w*|jobdesk\w*|job desc\w*|tugasnya|kerjanya ngapain|ngapain aja)\b/;
// A level named as the vacancies' requirement ("minimal s1", "yg syaratnya d3"), not as the person's own ("lulusan s1").
const LEVEL_ASKED_FOR = /\b(minimal|min|minimum|syarat|syaratnya|persyaratan|butuh|membutuhkan|yang (butuh|minta|nerima)|yg (butuh|minta|nerima))\b.{0,6}\b(sd|smp|sma|smk|d1|d2|d3|d4|s1|s2|s3|diploma|sarjana)\b/;
const IN_PERSON = /\b(datang|dateng|walk ?in|langsung ke|interview di|wawancara di|bawa (berkas|lamaran|cv)|antar (berkas|lamaran))\b/i;
// "tanpa pengalaman", "fresh graduate": filtered on what the vacancies say about experience, when they say it.
const NO_EXPERIENCE = /\b(tanpa|tidak perlu|ga perlu|gak perlu|nggak perlu|tidak butuh|belum ada|belum punya|tidak ada|ga ada|gak ada|nggak ada|blm ada|blm punya) (pengalaman|pengalaman kerja)\b|\bfresh ?grad(uate)?\b|\bbelum pernah (kerja|bekerja)\b/;
const NO_EXPERIENCE_DATA = /fresh|tanpa pengalaman|tidak (perlu|harus|wajib) (ber)?pengalaman|belum berpengalaman|boleh belum|lulusan baru/i;
const EARLIER = /\b(td|tadi|sebelumnya|yang tadi|yg tadi|kemarin|kmrn|kmarin)\b/;
// "ga punya email", "sy gk ada email", "email blm punya": no e-mail to apply with.
const NO_EMAIL = /\b(ga|gak|nggak|ngga|gk|g|tidak|tdk|belum|blm|ndak|teu|henteu)\b( (punya|ada|pny|py|gaduh|kagungan))?( (e ?mail|email|gmail|imel|surel))\b|\b(e ?mail|email|gmail|imel)\w* (saya |sy |aku )?(ga|gak|nggak|gk|tidak|belum|blm) (punya|ada|pny)\b|\bgapunya (e ?mail|email|gmail|imel)\b/;
// "yg jait itu gimana", "yang operator forklift syaratnya apa": a vacancy of the list named by its job.
const NAMED_ITEM = /^(yang|yg|kalau yang|kalo yg|klo yg|kl yg|terus yang|trus yg|nah yang|nah yg|lowongan yang|loker yang|loker yg)\b/;
// Words of such a message that are not the job.
const ITEM_WORDS = new Set(['yang', 'itu', 'tuh', 'ini', 'tadi', 'gimana', 'bagaimana', 'kumaha', 'syaratnya', 'syarat', 'apa', 'aja', 'saja', 'dong', 'kak', 'min', 'caranya', 'cara', 'daftarnya',
  'melamarnya', 'gajinya', 'berapa', 'kalau', 'kalo', 'terus', 'trus', 'lowongan', 'loker', 'lowker', 'kerja', 'kerjaan', 'bagian', 'sebagai', 'jadi', 'boleh', 'bisa', 'mau', 'pengen', 'ingin',
  'lihat', 'liat', 'detail', 'detailnya', 'info', 'infonya', 'lagi', 'juga', 'nya', 'sih', 'deh', 'yah', 'lain', 'lainnya', 'paling', 'atas', 'bawah']);
// "eh satu lagi, ", "oh iya ": words before a question about an item.
const LEAD_IN = /^((eh|oh|oiya|oh iya|eh iya|satu lagi|1 lagi|terus|trus|mau tanya)\b,? ?)+/;
const LAST_ITEM = /\b(paling bawah|terakhir|paling akhir|yang bawah sendiri|yg bawah sendiri|nomor terakhir|no terakhir)\b/;
// "yang itu", "lowongan tersebut": the vacancy just shown.
const THAT_ONE = /\b(yang|yg) (itu|ini|tadi|td)\b|\b(lowongan|loker|pabrik|perusahaan|pt) (itu|ini|tersebut|tadi)\b|\btersebut\b/;
const FIRST_ITEM = /\b(paling atas|teratas|yang atas sendiri|yg atas sendiri)\b/;

// "kalau tidak ada, kerja apa saja juga saya mau": any job will do when the one named has none.
const ANY_JOB_TOO = /\b(kerja|kerjaan|pekerjaan|lowongan|loker) (apa|apapun|apa pun) ?(aja|saja|juga|ja)?\b.{0,20}\b(mau|boleh|gpp|ga papa|gapapa|tidak apa|siap|bisa)\b|\b(apa (aja|saja)|apapun|apa pun) (juga |jg )?(mau|boleh|gpp|siap)\b|\byang penting (kerja|halal)\b|\byg penting (kerja|halal)\b/;
const PLATFORM = /\b(siapkerja|siap kerja|karirhub|karir hub|sipkerja|kartu kuning|ak ?1|kemnaker)\b/;

export type Aspect = 'salary' | 'apply' | 'requirements' | 'education' | 'closing' | 'age' | 'address' | 'gender' | 'experience' | 'quota' | 'type' | 'unlisted' | null;

/** What a question about one vacancy asks ("gajinya brp?", "cara daftarnya gmn?"). */
export function aspectOf(text: string, original = text): Aspect {
  if (ASK_SALARY.test(text)) return 'salary';
  // "cara daftar siapkerja" asks for the guide, not how to apply to the vacancy on screen.
  if (ASK_APPLY.test(text) && !PLATFORM.test(text)) return 'apply';
  if (ASK_AGE.test(text)) return 'age';
  if (ASK_GENDER.test(text)) return 'gender';
  if (ASK_ADDRESS.test(text) && !/\b(kantor|disnaker)\b/.test(text)) return 'address';
  if (ASK_CLOSING.test(text) && !/\b(jam|kantor)\b/.test(text)) return 'closing';
  if (ASK_EDUCATION.test(text)) return 'education';
  if (ASK_REQUIREMENTS.test(text)) return 'requirements';
  // Only as a question ("perlu pengalaman?", "ada mess ga"): "kontrak" or "shift" alone may be a search word.
  const asking = /\?/.test(original) || /\b(atau|ato|apa|ga|gak|gk|nggak|ngga|tidak|enggak|apa|apakah|berapa|brp|gimana|gmn|bagaimana|ada|bisa|boleh|perlu|harus|wajib|dapat|dapet|dikasih|disediakan|kapan|jam berapa|jam brp)\b/.test(text);
  if (!asking) return null;
  if (ASK_UNLISTED.test(text)) return 'unlisted';
  if (ASK_QUOTA.test(text)) return 'quota';
  if (ASK_EXPERIENCE.test(text)) return 'experience';
  if (ASK_TYPE.test(text)) return 'type';
  return null;
}

export class SearchFlow implements FlowHandler<ScreenOf<'search'> | ScreenOf<'results'> | ScreenOf<'details'> | ScreenOf<'none'>> {
  constructor(private readonly d: Dialogue) {}

  private get t() {
    return this.d.turn;
  }

  private get m(): Catalogue {
    return this.d.turn.m;
  }

  // --- the flow's questions -------------------------------------------------

  answer(screen: ScreenOf<'search'> | ScreenOf<'results'> | ScreenOf<'details'> | ScreenOf<'none'>): boolean {
    const u = this.t.u;
    const msg = this.t.msg;
    // "yaudh cikarang utara aja. yg nomer 1 td cara ngelamarnya gmn": the vacancy asked about again wins over the question on screen.
    if (screen.flow === 'search' && msg.ordinal !== null && EARLIER.test(msg.text) && aspectOf(msg.text) && this.item()) return true;
    if (screen.flow === 'search') {
      // "semua", "terserah dimana aja", "skip": any place, any level.
      const all = msg.only('all', 'whatever', 'skip');
      if (screen.ask === 'district' || screen.ask === 'pick' || screen.ask === 'bekasi' || screen.ask === 'city_near') {
        if (all) {
          const kecamatan = screen.ask === 'pick' ? [...new Set([...screen.pending.kecamatan, ...(screen.codes ?? [])])] : [];
          const filters = { ...screen.pending, kecamatan };
          if (screen.ask === 'district' && !filters.education && !this.t.input.profile.education) return this.askEducation(filters), true;
          return this.search(filters, { everywhere: true }), true;
        }
        if (screen.ask === 'pick' && u.districtCodes.length && !u.ambiguousPlaces.length && !u.job) {
          // "cikarang barat" typed on the "Cikarang" list: added to the place named before.
          return this.search({ ...screen.pending, kecamatan: [...new Set([...screen.pending.kecamatan, ...u.districtCodes])] }, { everywhere: true }), true;
        }
        if (screen.ask === 'pick' && screen.codes?.length) {
          // "utara" on the Tambun list: the option whose name holds the word.
          const hit = screen.codes.filter((c) => msg.raw.some((w) => w.length > 3 && this.t.ctx.region.nameOf(c).toLowerCase().split(' ').includes(w)));
          if (hit.length === 1) return this.search({ ...screen.pending, kecamatan: [...new Set([...screen.pending.kecamatan, hit[0]!])] }, { everywhere: true }), true;
        }
        if (screen.ask === 'bekasi') {
          if (/\bkota\b/.test(msg.text) || u.outsidePlaces.some((p) => /bekasi/.test(p))) return this.cityOutside(screen.pending, u.outsidePlaces[0] ?? 'kota bekasi'), true;
          // "kabupaten, daerah setu": the kecamatan named with it is searched at once.
          if (/\b(kab|kabupaten|regency)\b/.test(msg.text) && !u.districtCodes.length) return this.show({ flow: 'search', ask: 'district', pending: screen.pending }, this.m.t('search.ask_district'), []), true;
        }
        if (u.districtCodes.length || u.ambiguousPlaces.length || u.outsidePlaces.length || u.regencyNamed) {
          return this.fromMessage(screen.pending, false, { askEducation: screen.ask === 'district' }), true;
        }
        return false;
      }
      if (screen.ask === 'education') {
        if (u.entities.education) {
          this.t.effect({ type: 'profile', education: u.entities.education });
          return this.search({ ...screen.pending, education: u.entities.education }, { everywhere: !screen.pending.kecamatan.length }), true;
        }
        if (all) return this.search({ ...screen.pending, education: null }, { everywhere: !screen.pending.kecamatan.length }), true;
        return false;
      }
      return false;
    }
    // A list or a vacancy on screen: "yang paling bawah", "gajinya berapa?", "yang di tambun selatan aja", "kalau lulusan SMP?".
    if (this.item()) return true;
    return this.followUp();
  }

  redraw(screen: ScreenOf<'search'> | ScreenOf<'results'> | ScreenOf<'details'> | ScreenOf<'none'>, level: number): void {
    switch (screen.flow) {
      case 'results':
        if (this.d.state.search?.ids.length) return this.showResults(screen.offset, { push: false, intro: level ? this.m.t('search.reask_list') : undefined });
        return this.d.menu('menu.text', false);
      case 'details':
        return this.open(screen.id, screen.index, null, level ? this.m.t('search.reask_details') : undefined);
      case 'none':
        return this.noMatch(screen.filters, level);
      case 'search':
        switch (screen.ask) {
          case 'district':
            return this.show(screen, level ? this.m.t(level === 1 ? 'search.ask_district_again' : 'search.ask_district_last') : this.m.t('search.ask_district'), level >= 1 ? this.allChoice(screen) : [], { remember: false, human: level >= 2 });
          case 'education':
            return this.show(screen, level ? this.m.t(level === 1 ? 'search.ask_education_again' : 'search.ask_education_last') : this.m.t('search.ask_education'), this.educationChoices(), { remember: false, human: level >= 2 });
          case 'pick':
          case 'bekasi':
          case 'city_near': {
            const again = level ? this.m.t(level === 1 ? 'repair.pick_again' : 'repair.pick_last') : null;
            if (screen.ask === 'bekasi') return this.askBekasi(screen.pending, again);
            if (screen.ask === 'city_near') return this.cityOutside(screen.pending, screen.label ?? 'kota bekasi', again);
            return this.pick(screen.label ?? '', screen.codes ?? [], screen.pending, again, level >= 2);
          }
        }
    }
  }

  progress(screen: ScreenOf<'search'> | ScreenOf<'results'> | ScreenOf<'details'> | ScreenOf<'none'>): string | null {
    if (screen.flow === 'search') return this.m.t('search.progress');
    return null;
  }

  // --- starting a search ----------------------------------------------------

  /** The main menu's "Cari lowongan": asks the place first. */
  begin(): void {
    this.show({ flow: 'search', ask: 'district', pending: { ...NO_FILTERS, education: this.t.input.profile.education } }, this.m.t('search.ask_district'), []);
  }

  /**
   * Search with what this message says. `fresh` = a new question ("ada loker
   * X di Y?"): places and job come from the message only; otherwise a
   * follow-up: what the message leaves out is kept from `base`.
   */
  fromMessage(base: VacancyFilters, fresh: boolean, options: { askEducation?: boolean; label?: string } = {}): void {
    const u = this.t.u;
    const text = this.t.msg.text;
    const newQuestion = fresh && VACANCY_WORDS.test(text);
    // A search for someone else ("untuk suami saya, lulusan stm") does not take her own level.
    const forOther = Boolean(options.label);
    const education = u.entities.education ?? (forOther ? null : (base.education ?? this.t.input.profile.education));
    const filters: VacancyFilters = newQuestion || forOther
      ? { kecamatan: u.districtCodes, education, keyword: u.job }
      : { kecamatan: u.districtCodes.length ? u.districtCodes : base.kecamatan, education, keyword: u.job ?? base.keyword };
    // "ada loker minimal s1?" asks what vacancies require, not what the person finished: not kept as theirs.
    if (u.entities.education && !forOther && !LEVEL_ASKED_FOR.test(this.t.msg.text)) this.t.effect({ type: 'profile', education: u.entities.education });

    // "Cikarang" is never guessed, also next to a clear place ("cibitung atau cikarang"): ask, keeping the clear one.
    const ambiguous = u.ambiguousPlaces[0];
    if (ambiguous && ambiguous.codes.length) return this.pick(ambiguous.label, ambiguous.codes, { ...filters, kecamatan: u.districtCodes }, null, false);
    if (!u.districtCodes.length) {
      if (ambiguous && !u.regencyNamed) return this.askBekasi({ ...filters, kecamatan: [] }, null);
      // "kl di karawang ada ga?" after a search: the same job and level, elsewhere.
      if (u.outsidePlaces.length && !u.regencyNamed) return this.cityOutside({ ...filters, kecamatan: [], keyword: filters.keyword ?? base.keyword, education: filters.education ?? base.education }, u.outsidePlaces[0]!);
      if (newQuestion && !filters.keyword && !u.regencyNamed && !u.entities.education && !this.d.state.search) {
        return this.show({ flow: 'search', ask: 'district', pending: filters }, this.m.t('search.ask_district'), []);
      }
    }
    if (filters.kecamatan.length === 1 && !forOther) this.t.effect({ type: 'profile', kecamatan: filters.kecamatan[0] });
    if (options.askEducation && !filters.education) return this.askEducation(filters);
    this.search(filters, { everywhere: u.regencyNamed || !filters.kecamatan.length, label: options.label });
  }

  /** Runs a search and shows the first page, or says honestly that nothing matches. */
  search(filters: VacancyFilters, options: { everywhere?: boolean; label?: string } = {}): void {
    const { vacancies } = this.t.ctx;
    let result = vacancies.search(filters, this.t.at, MAX_IDS);
    let anyWord = false;
    // "admin akuntansi": vacancies with every word first; when none has them all, those with any of them.
    if (!result.total && filters.keyword && filters.keyword.split(' ').length > 1) {
      result = vacancies.search(filters, this.t.at, MAX_IDS, undefined, { anyWord: true });
      anyWord = result.total > 0;
    }
    this.d.state.back = this.d.state.back.filter((b) => b.flow !== 'results' && b.flow !== 'details');
    if (this.d.state.screen.flow === 'results' || this.d.state.screen.flow === 'details') this.d.state.screen = { flow: 'other' };
    this.t.count('searches');
    let intro: string | undefined;
    let hidden = 0;
    // "sy perempuan": vacancies only for men are left out, and that is said.
    const gender = options.label || this.d.state.facts.forWhom ? undefined : this.d.state.facts.gender;
    if (gender && result.total) {
      const fits = result.ids.filter((id) => { const g = vacancies.get(id)?.gender; return !g || g === gender; });
      if (fits.length < result.ids.length) {
        hidden = result.ids.length - fits.length;
        intro = this.m.t(gender === 'P' ? 'search.men_hidden' : 'search.women_hidden', { count: result.ids.length - fits.length });
        result = { ids: fits, total: fits.length };
      }
    }
    // "satpam … kalau tidak ada kerja apa saja juga saya mau": the same level without the job, here, nearby, then anywhere.
    if (!result.total && filters.keyword && ANY_JOB_TOO.test(this.t.msg.text)) {
      const { region } = this.t.ctx;
      const near = [...new Set(filters.kecamatan.flatMap((c) => region.nearby(c)))].filter((c) => !filters.kecamatan.includes(c));
      const tries: VacancyFilters[] = [{ ...filters, keyword: null }, ...(near.length ? [{ ...filters, keyword: null, kecamatan: near }] : []), { ...filters, keyword: null, kecamatan: [] }];
      for (const alt of filters.kecamatan.length ? tries : tries.slice(0, 1)) {
        const found = vacancies.search(alt, this.t.at, MAX_IDS);
        if (!found.total) continue;
        const what = describeFilters({ ...filters, keyword: filters.keyword }, region, this.m).trim();
        intro = this.m.t('search.any_job_instead', { what });
        filters = alt;
        result = found;
        break;
      }
    }
    // Every match was for men only: said, so that "none" is not taken for no vacancy at all.
    if (!result.total && hidden && gender) this.t.say(this.m.t(gender === 'P' ? 'search.men_only_all' : 'search.women_only_all', { count: hidden }));
    if (!result.total) return this.noMatch(filters, 0, options.label);
    if (NO_EXPERIENCE.test(this.t.msg.text)) {
      const fresh = result.ids.filter((id) => NO_EXPERIENCE_DATA.test(vacancies.get(id)?.experience ?? ''));
      if (fresh.length) {
        result = { ids: fresh, total: fresh.length };
        intro = this.m.t('search.no_experience_some');
      } else intro = this.m.t('search.no_experience_none');
    }
    this.d.state.search = { filters, ids: result.ids, total: result.total, ...(options.label ? { label: options.label } : {}), ...(anyWord ? { anyWord } : {}) };
    this.showResults(0, { everywhere: options.everywhere ?? !filters.kecamatan.length, ...(intro ? { intro } : {}) });
  }

  private askEducation(pending: VacancyFilters): void {
    this.show({ flow: 'search', ask: 'education', pending }, this.m.t('search.ask_education'), this.educationChoices());
  }

  private pick(label: string, codes: string[], pending: VacancyFilters, intro: string | null, human: boolean): void {
    const choices = codes.map((c) => ({ label: this.t.ctx.region.nameOf(c), action: { do: 'places', codes: [c] } as Action }));
    const name = label.charAt(0).toUpperCase() + label.slice(1);
    const keep = describeFilters({ ...pending, kecamatan: [] }, this.t.ctx.region, this.m);
    const text = [intro, this.m.t('search.pick_district', { place: name }), keep ? this.m.t('search.pick_keep', { what: keep.trim() }) : null].filter(Boolean).join('\n');
    this.show({ flow: 'search', ask: 'pick', label, codes, pending }, text, choices, { hint: this.m.t('search.pick_hint'), human });
  }

  private askBekasi(pending: VacancyFilters, intro: string | null): void {
    this.show({ flow: 'search', ask: 'bekasi', pending }, [intro, this.m.t('search.pick_bekasi', { regency: this.t.ctx.region.name })].filter(Boolean).join('\n'), [
      { label: this.m.t('search.bekasi_regency', { regency: this.t.ctx.region.name }), action: { do: 'places', codes: [] } },
      { label: this.m.t('search.bekasi_city'), action: { do: 'city' } },
    ]);
  }

  /** A place outside the regency: said plainly, with the regency's kecamatan near it as numbered options. */
  cityOutside(pending: VacancyFilters, place: string, intro: string | null = null): void {
    const region = this.t.ctx.region;
    // A kecamatan of Kota Bekasi (Jatiasih, Pondok Gede): its city is named, and the regency's kecamatan next to the city offered.
    const parent = region.outsideRegencyOf(place);
    const own = region.nearOutside(place);
    const near = own.length ? own : parent ? region.nearOutside(parent) : [];
    const nearWhat = own.length || !parent ? titleCase(place) : parent;
    const name = titleCase(place);
    const city = /\bkota bekasi\b/i.test(place) ? this.m.t('search.outside_city_itself', { regency: region.name }) : parent === 'Kota Bekasi' ? this.m.t('search.outside_city', { place: name, regency: region.name }) : null;
    const text = [intro, city ?? this.m.t('search.outside', { place: name, regency: region.name })].filter(Boolean).join('\n');
    // Only real options: the search just seen again, nearby kecamatan that have matches, the whole regency.
    const { vacancies } = this.t.ctx;
    const options: Array<{ label: string; action: Action }> = [];
    const before = this.d.state.search;
    if (before?.ids.length && before.filters.kecamatan.length) {
      options.push({ label: this.m.t('search.again_option', { what: describeFilters(before.filters, region, this.m).trim() }), action: { do: 'search', filters: before.filters } });
    }
    // Counted as the search itself counts: "admin akuntansi" finds vacancies with any of the words when none has both.
    const hits = (f: VacancyFilters) => vacancies.search(f, this.t.at, 1).total > 0 || (Boolean(f.keyword?.includes(' ')) && vacancies.search(f, this.t.at, 1, undefined, { anyWord: true }).total > 0);
    const withHits = near.filter((c) => hits({ ...pending, kecamatan: [c] }));
    for (const c of withHits.slice(0, 3)) options.push({ label: this.m.t('search.near_option', { place: region.nameOf(c) }), action: { do: 'search', filters: { ...pending, kecamatan: [c] } } });
    if (hits({ ...pending, kecamatan: [] })) options.push({ label: this.m.t('search.outside_choice', { regency: region.name }), action: { do: 'search', filters: { ...pending, kecamatan: [] } } });
    // Far from the regency: where vacancies of the whole country are (Karirhub), instead of nearby kecamatan.
    const lead = withHits.length ? this.m.t('search.near_intro', { place: nearWhat, regency: region.name }) : near.length ? this.m.t('search.alt_intro') : this.m.t('search.far');
    this.show({ flow: 'search', ask: 'city_near', pending, label: place }, `${text}\n${lead}`, options);
  }

  // --- lists and details ----------------------------------------------------

  showResults(offset: number, options: { everywhere?: boolean; push?: boolean; intro?: string } = {}): void {
    const s = this.d.state.search!;
    const region = this.t.ctx.region;
    const shown = s.anyWord && s.filters.keyword ? { ...s.filters, keyword: s.filters.keyword.split(' ').join(` ${this.m.t('search.or')} `) } : s.filters;
    const what = describeFilters(shown, region, this.m, { everywhere: options.everywhere ?? !s.filters.kecamatan.length });
    const page = s.ids.slice(offset, offset + PAGE);
    const vacancies = page.map((id) => this.t.ctx.vacancies.get(id)).filter((v) => v !== undefined);
    const header = s.total === 1 ? this.m.t('search.results_one', { what }) : this.m.t('search.results', { total: s.total, what, from: offset + 1, to: offset + page.length });
    const lines = [options.intro, s.label ? this.m.t('search.for_other', { who: s.label }) : null, header].filter((l): l is string => Boolean(l));
    if (vacancies.some((v) => v.isSample)) lines.push(this.m.t('search.sample_note'));
    const choices = vacancies.map((v, i) => ({ choice: vacancyChoice(v, String(offset + i + 1), region, this.m), action: { do: 'open', id: v.id, index: offset + i } as Action }));
    const hasMore = offset + PAGE < s.ids.length;
    const hint = `${this.m.t('search.results_footer')}\n${this.m.t(hasMore ? 'nav.hint_more' : 'nav.hint_last')}`;
    if (options.push === false) this.d.state.screen = { flow: 'other' };
    this.t.showChoices({ flow: 'results', offset }, lines.join('\n'), choices, hint, options.push !== false);
  }

  /** "lagi": the next page of the list on screen. */
  more(): void {
    const s = this.d.state.search;
    const screen = this.d.state.screen;
    if (!s || (screen.flow !== 'results' && screen.flow !== 'details')) return this.t.say(this.m.t('search.no_list'));
    const offset = screen.flow === 'results' ? screen.offset + PAGE : Math.floor(screen.index / PAGE) * PAGE + PAGE;
    if (offset >= s.ids.length) return this.t.say(this.m.t(s.ids.length > PAGE ? 'search.no_more' : 'search.no_more_one_page'));
    this.showResults(offset);
  }

  /** A vacancy's details; `aspect` puts what was asked first ("gajinya?"). */
  open(id: number, index: number, aspect: Aspect = null, intro?: string): void {
    const v = this.t.ctx.vacancies.get(id);
    if (!v) return this.t.say(this.m.t('search.gone'));
    // The list's numbers keep working from the details ("3" opens the third).
    const keep = this.d.state.choices;
    // A question about the date or the schooling is answered in a line; the whole vacancy only when asked for it.
    const answer = this.answerAbout(v, aspect);
    // Also "gajinya?" or "alamatnya?" when the vacancy does not say: that line alone, the vacancy is on screen already.
    const oneLine = aspect === 'closing' || aspect === 'education' || aspect === 'age' || aspect === 'gender' || aspect === 'experience' || aspect === 'quota' || aspect === 'type' || aspect === 'unlisted';
    const short = (oneLine || aspect === 'apply' || ((aspect === 'salary' || aspect === 'address') && answer !== null)) && this.d.state.screen.flow === 'details' && this.d.state.screen.id === id;
    // "cara daftarnya gimana?" with the vacancy on screen: how to apply and that it is free, not the whole vacancy again.
    const applyLines = short && aspect === 'apply' ? [this.m.t('details.how', { how: v.howToApply }), this.m.t('details.free')].join('\n') : null;
    const lines = [intro, answer, applyLines, short ? null : vacancyDetails(v, this.t.ctx.region, this.m)].filter((l): l is string => Boolean(l));
    this.t.showChoices({ flow: 'details', id, index }, lines.join('\n\n'), [], this.m.t('details.hint'));
    this.d.state.choices = keep;
    this.remember(id, index + 1);
    this.t.count('vacancy_views');
    if (aspect === 'apply') this.t.count('apply_views');
  }

  /** "batas umurnya brp?" under a list of two or three: what each vacancy's data says, numbered as listed; false for other questions. */
  private eachAbout(page: number[], pageStart: number, aspect: Aspect): boolean {
    const m = this.m;
    const region = this.t.ctx.region;
    const value = (v: Vacancy): string | null => {
      switch (aspect) {
        case 'salary': {
          const salary = salaryLine(v, m);
          return salary ? salary.replace(/^💰\s*/, '') : m.t('details.each_salary_unknown');
        }
        case 'age':
          if (v.ageMin === null && v.ageMax === null) return m.t('details.each_age_unknown');
          return v.ageMin !== null && v.ageMax !== null ? m.t('details.age_range', { min: v.ageMin, max: v.ageMax }) : v.ageMax !== null ? m.t('details.age_max', { age: v.ageMax }) : m.t('details.age_min', { age: v.ageMin! });
        case 'address':
          return v.address ? m.t('details.each_address', { address: v.address, place: region.nameOf(v.kecamatan) }) : m.t('details.each_address_unknown', { place: region.nameOf(v.kecamatan) });
        case 'apply':
          return v.howToApply;
        case 'closing':
          return v.closingDate ? m.t('details.closes_on', { date: formatDate(v.closingDate) }) : m.t('details.closes_unknown');
        case 'gender':
          return v.gender ? m.t(v.gender === 'L' ? 'details.men' : 'details.women') : m.t('details.each_gender_unknown');
        case 'education': {
          const mine: Education | null = this.t.u.entities.education ?? this.d.state.facts.education ?? null;
          const min = m.t('details.each_education', { education: educationLabel(v.minEducation) });
          return mine ? `${min} (${m.t(educationRank(mine) >= educationRank(v.minEducation) ? 'details.each_education_ok' : 'details.each_education_short')})` : min;
        }
        default:
          return null;
      }
    };
    const vacancies = page.map((id) => this.t.ctx.vacancies.get(id));
    if (vacancies.some((v) => !v) || value(vacancies[0]!) === null) return false;
    const lines = [m.t('details.each_intro'), ...vacancies.map((v, i) => m.t('details.each_line', { n: pageStart + i + 1, title: v!.title, company: v!.company, value: value(v!)! }))];
    if (aspect === 'age' || aspect === 'education') lines.push(m.t('details.each_age_note'));
    lines.push(m.t('details.each_footer'));
    this.t.say(lines.join('\n'));
    return true;
  }

  // The line that answers what was asked about a vacancy, from its data only.
  private answerAbout(v: Vacancy, aspect: Aspect): string | null {
    if (aspect === 'salary') {
      const salary = salaryLine(v, this.m);
      return salary ? this.m.t('details.salary_answer', { title: v.title, salary }) : this.m.t('details.salary_unknown', { title: v.title });
    }
    if (aspect === 'apply') {
      const inPerson = IN_PERSON.test(v.howToApply);
      return [this.m.t('details.apply_intro', { title: v.title, company: v.company }), this.m.t(inPerson ? 'details.in_person_yes' : 'details.in_person_unknown')].join('\n');
    }
    if (aspect === 'closing') {
      return v.closingDate ? this.m.t('details.closing_answer', { title: v.title, company: v.company, date: formatDate(v.closingDate) }) : this.m.t('details.closing_unknown', { title: v.title, company: v.company });
    }
    if (aspect === 'education') return this.educationAnswer(v);
    if (aspect === 'age') {
      if (v.ageMin === null && v.ageMax === null) return this.m.t('details.age_unknown', { title: v.title });
      const limit = v.ageMin !== null && v.ageMax !== null ? this.m.t('details.age_range', { min: v.ageMin, max: v.ageMax }) : v.ageMax !== null ? this.m.t('details.age_max', { age: v.ageMax }) : this.m.t('details.age_min', { age: v.ageMin! });
      return this.m.t('details.age_answer', { title: v.title, limit });
    }
    if (aspect === 'gender') return v.gender ? this.m.t('details.gender_answer', { title: v.title, who: this.m.t(v.gender === 'L' ? 'details.men' : 'details.women') }) : this.m.t('details.gender_unknown', { title: v.title });
    if (aspect === 'address') return v.address ? this.m.t('details.address_answer', { title: v.title, address: v.address, place: this.t.ctx.region.nameOf(v.kecamatan) }) : this.m.t('details.address_unknown', { title: v.title, place: this.t.ctx.region.nameOf(v.kecamatan) });
    if (aspect === 'experience') return v.experience ? this.m.t('details.experience_answer', { title: v.title, experience: v.experience }) : this.m.t('details.not_in_data', { title: v.title, how: v.howToApply });
    if (aspect === 'quota') return v.quota ? this.m.t('details.quota_answer', { title: v.title, quota: v.quota }) : this.m.t('details.not_in_data', { title: v.title, how: v.howToApply });
    if (aspect === 'type') return v.employmentType ? this.m.t('details.type_answer', { title: v.title, type: this.m.t(`details.type_${v.employmentType}`) }) : this.m.t('details.not_in_data', { title: v.title, how: v.howToApply });
    if (aspect === 'unlisted') return this.m.t('details.not_in_data', { title: v.title, how: v.howToApply });
    return null;
  }

  // "nerima lulusan paket B ga?": the vacancy's minimum against what the person said (Paket A/B/C are SD/SMP/SMA),
  // never a promise of being accepted.
  private educationAnswer(v: Vacancy): string {
    const text = this.t.msg.text;
    const paket = /\bpaket ([abc])\b/.exec(text)?.[1];
    const mine: Education | null = this.t.u.entities.education ?? this.d.state.facts.education ?? null;
    const lines = [this.m.t('details.education_answer', { title: v.title, education: educationLabel(v.minEducation) })];
    if (paket) lines.push(this.m.t('details.paket_equal', { paket: paket.toUpperCase(), level: ({ a: 'SD', b: 'SMP', c: 'SMA' } as const)[paket as 'a' | 'b' | 'c'] }));
    if (mine) lines.push(this.m.t(educationRank(mine) >= educationRank(v.minEducation) ? 'details.education_enough' : 'details.education_short'));
    return lines.join(' ');
  }

  private compareClosing(a: Vacancy, b: Vacancy): void {
    const line = (v: Vacancy) => `• ${v.title} (${v.company}): ${v.closingDate ? this.m.t('details.closes_on', { date: formatDate(v.closingDate) }) : this.m.t('details.closes_unknown')}`;
    const lines = [line(a), line(b)];
    if (a.closingDate && b.closingDate && a.closingDate.getTime() !== b.closingDate.getTime()) {
      const first = a.closingDate < b.closingDate ? a : b;
      lines.push(this.m.t('details.closes_first', { title: first.title, company: first.company }));
    }
    this.t.say(lines.join('\n'));
  }

  private remember(id: number, n: number): void {
    const opened = this.d.state.opened.filter((o) => !(o.kind === 'vacancy' && o.id === id));
    this.d.state.opened = [...opened, { id, n, kind: 'vacancy' as const }].slice(-8);
  }

  // A message about one item: "yang paling bawah gajinya brp?", "yg kedua td cara daftarnya", "gajinya berapa?" on a details screen.
  item(): boolean {
    const t = this.t;
    const text = t.msg.text;
    const s = this.d.state.search;
    const screen = this.d.state.screen;
    const aspect = aspectOf(text, t.msg.original);
    // "yg no 2 td sm yg barusan ini, tutupnya duluan mana?": two vacancies' closing dates side by side.
    if (aspect === 'closing' && COMPARE.test(text) && t.msg.ordinal !== null && screen.flow === 'details') {
      const earlier = [...this.d.state.opened].reverse().find((o) => o.kind === 'vacancy' && o.n === t.msg.ordinal && o.id !== screen.id);
      const a = earlier ? this.t.ctx.vacancies.get(earlier.id) : undefined;
      const b = this.t.ctx.vacancies.get(screen.id);
      if (a && b) return this.compareClosing(a, b), true;
    }
    // "yg kedua td": an item opened earlier, by the number it had then.
    if (t.msg.ordinal !== null && EARLIER.test(text)) {
      const earlier = [...this.d.state.opened].reverse().find((o) => o.kind === 'vacancy' && o.n === t.msg.ordinal);
      if (earlier) return this.open(earlier.id, earlier.n - 1, aspect ?? 'apply'), true;
    }
    // "yg sy buka pertama td tutupnya tgl brp?": the first one opened, by what was asked.
    if (FIRST_OPENED.test(text)) {
      const first = this.d.state.opened.find((o) => o.kind === 'vacancy');
      if (first) return this.open(first.id, first.n - 1, aspect), true;
    }
    // "yg paling atas di daftar pertama td": the top of the first page.
    if (s?.ids.length && FIRST_ITEM.test(text) && FIRST_LIST.test(text)) return this.open(s.ids[0]!, 0, aspect), true;
    // "eh satu lagi, kalo yg forklift syaratnya apa" after the list: the one vacancy of that job where she searched.
    if (s && aspect && screen.flow !== 'results' && screen.flow !== 'details' && NAMED_ITEM.test(text.replace(LEAD_IN, '')) && !t.u.districtCodes.length && !t.u.ambiguousPlaces.length) {
      const words = [...new Set(t.msg.raw.filter((w) => w.length > 2 && !ITEM_WORDS.has(w) && !/^(eh|oh|satu|lagi)$/.test(w)))];
      const found = words.length === 1 ? t.ctx.vacancies.search({ ...s.filters, keyword: words[0]! }, t.at, 2) : null;
      if (found && found.total === 1) return this.open(found.ids[0]!, 0, aspect), true;
    }
    if (!s || !s.ids.length || (screen.flow !== 'results' && screen.flow !== 'details')) return false;
    const pageStart = screen.flow === 'results' ? screen.offset : Math.floor(screen.index / PAGE) * PAGE;
    const page = s.ids.slice(pageStart, pageStart + PAGE);
    if (LAST_ITEM.test(text)) return this.open(page[page.length - 1]!, pageStart + page.length - 1, aspect), true;
    if (FIRST_ITEM.test(text)) return this.open(page[0]!, pageStart, aspect), true;
    if (t.msg.ordinal !== null) {
      const n = t.msg.ordinal;
      // A digit names the number shown; "yang pertama" the place on the page shown.
      const byKey = t.u.bareNumber || /\b(no|nomor|nomer|angka)\b/.test(text) ? s.ids[n - 1] : undefined;
      const index = byKey !== undefined && n - 1 < pageStart + PAGE ? n - 1 : n <= page.length ? pageStart + n - 1 : n - 1;
      const id = s.ids[index];
      if (id !== undefined) return this.open(id, index, aspect), true;
      return false;
    }
    // "ga punya email" about a vacancy that asks for applications by email: said plainly, with the Gmail help and the
    // vacancies of the list that say to come in person.
    if (screen.flow === 'details' && NO_EMAIL.test(text)) {
      const v = t.ctx.vacancies.get(screen.id);
      if (v && /\be-?mail\b/i.test(v.howToApply)) return this.needsEmail(v, s.ids), true;
    }
    // "yg jait itu gimana", "yang operator forklift syaratnya apa": the vacancy of the list named by its job.
    const named = NAMED_ITEM.test(text) && !t.u.districtCodes.length && !t.u.ambiguousPlaces.length && !t.u.entities.education ? this.byName(s.ids, pageStart) : null;
    if (named !== null) return this.open(s.ids[named]!, named, aspect), true;
    if (screen.flow === 'details' && aspect) return this.open(screen.id, screen.index, aspect), true;
    // "gajinya brp?" under a list: the one vacancy listed, or which of them (the numbers keep working).
    // "cara daftarnya?" alone may ask how to register anywhere; with "yang itu" or under a list of one it is about the vacancy.
    const applyHere = aspect === 'apply' && (page.length === 1 || THAT_ONE.test(text) || /\b(ngelamar|melamar|lamar)(nya)?\b/.test(text));
    // "sy lulusan smp doang bisa ga" under a short list: the person's level against what each asks (not feedback, not a new search).
    const levelAsked = aspect === 'education' && page.length <= 3 && ASK_EDUCATION.test(text) && !t.u.districtCodes.length && !t.u.ambiguousPlaces.length && !t.u.job;
    if (levelAsked && page.length === 1) return this.open(page[0]!, pageStart, aspect), true;
    if (levelAsked && this.eachAbout(page, pageStart, aspect)) return true;
    if (screen.flow === 'results' && aspect && (aspect !== 'apply' || applyHere) && aspect !== 'education' && !t.u.districtCodes.length && !t.u.ambiguousPlaces.length && !t.u.job && !t.u.entities.education) {
      if (page.length === 1) return this.open(page[0]!, pageStart, aspect), true;
      // Two or three listed: what each says, in one line each, rather than asking which one.
      if (page.length <= 3 && this.eachAbout(page, pageStart, aspect)) return true;
      return this.t.say(this.m.t('details.which_one', { first: pageStart + 1, last: pageStart + page.length })), true;
    }
    return false;
  }

  private needsEmail(v: Vacancy, ids: number[]): void {
    const inPerson = ids
      .map((id, index) => ({ v: this.t.ctx.vacancies.get(id), index }))
      .filter((x): x is { v: Vacancy; index: number } => Boolean(x.v) && IN_PERSON.test(x.v!.howToApply) && !/\be-?mail\b/i.test(x.v!.howToApply))
      .slice(0, 3);
    const choices: Array<{ label: string; action: Action }> = [{ label: this.m.t('details.make_email'), action: { do: 'guide', go: 'branch', id: 'tidak-punya-email' } }];
    for (const x of inPerson) choices.push({ label: this.m.t('details.in_person_choice', { title: x.v.title, company: x.v.company }), action: { do: 'open', id: x.v.id, index: x.index } });
    const text = [this.m.t('details.needs_email', { title: v.title, company: v.company }), this.m.t(inPerson.length ? 'details.in_person_others' : 'details.in_person_none')].join('\n');
    this.t.show({ flow: 'other' }, text, choices);
  }

  // The place in the list of the one vacancy whose title or job words the message names best (the page shown first);
  // null when none or several fit equally.
  private byName(ids: number[], pageStart: number): number | null {
    const t = this.t;
    const said = new Set([...t.msg.raw, ...t.msg.norm, ...(t.u.job?.split(' ') ?? [])].filter((w) => w.length > 2 && !ITEM_WORDS.has(w)));
    if (!said.size) return null;
    const score = (id: number): number => {
      const v = t.ctx.vacancies.get(id);
      if (!v) return 0;
      const words = new Set(`${v.title} ${v.keywords.join(' ')}`.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean));
      return [...said].filter((w) => words.has(w)).length;
    };
    const best = (from: number, to: number): number | null => {
      const scored = ids.slice(from, to).map((id, i) => ({ index: from + i, score: score(id) }));
      const top = Math.max(0, ...scored.map((x) => x.score));
      const hits = scored.filter((x) => x.score === top);
      return top > 0 && hits.length === 1 ? hits[0]!.index : null;
    };
    return best(pageStart, pageStart + PAGE) ?? best(0, ids.length);
  }

  // A follow-up to a search: "yang di tambun selatan aja", "kalau lulusan SMP?", "kalau admin?".
  private followUp(): boolean {
    const u = this.t.u;
    const text = this.t.msg.text;
    const s = this.d.state.search;
    if (!s) return false;
    const fragment = FOLLOW_UP.test(text) && text.split(' ').length <= 8;
    if (VACANCY_WORDS.test(text) || !(fragment || ['search_vacancies', 'out_of_scope', 'greeting'].includes(u.intent))) return false;
    if (!(u.districtCodes.length || u.entities.education || u.job || u.ambiguousPlaces.length || u.outsidePlaces.length)) return false;
    this.fromMessage(s.filters, false);
    return true;
  }

  /** Nothing matches: said plainly, with only alternatives that lead to vacancies, and alerts for the search. */
  noMatch(filters: VacancyFilters, level = 0, label?: string): void {
    const { region, vacancies } = this.t.ctx;
    const at = this.t.at;
    const m = this.m;
    const what = describeFilters(filters, region, m);
    const keywordPart = filters.keyword ? m.t('search.what_keyword', { keyword: filters.keyword }) : '';
    const options: Array<{ label: string; action: Action }> = [];
    if (filters.kecamatan.length) {
      if (filters.keyword) {
        const alt = { ...filters, keyword: null };
        const found = vacancies.search(alt, at, 1).total;
        if (found) options.push({ label: m.t('search.alt_no_keyword', { total: found, places: listNames(filters.kecamatan.map((c) => region.nameOf(c)), m), education: filters.education ? m.t('search.what_education', { education: educationName(filters.education) }) : '' }), action: { do: 'search', filters: alt } });
      }
      const near = [...new Set(filters.kecamatan.flatMap((c) => region.nearby(c)))].filter((c) => !filters.kecamatan.includes(c));
      // Each nearby kecamatan that has matches, most first (at most three named).
      const withHits = near.map((c) => ({ c, n: vacancies.search({ ...filters, kecamatan: [c] }, at, 1).total })).filter((x) => x.n > 0).sort((a, b) => b.n - a.n).slice(0, 3);
      if (withHits.length) {
        const alt = { ...filters, kecamatan: withHits.map((x) => x.c) };
        const found = vacancies.search(alt, at, 1).total;
        options.push({ label: m.t('search.alt_nearby', { total: found, keyword: keywordPart, places: listNames(withHits.map((x) => region.nameOf(x.c)), m) }), action: { do: 'search', filters: alt } });
      }
      if (filters.keyword && !options.length) {
        const anywhere = { ...filters, kecamatan: [] };
        const foundAnywhere = vacancies.search(anywhere, at, 1).total;
        if (foundAnywhere) options.push({ label: m.t('search.alt_anywhere', { total: foundAnywhere, keyword: keywordPart }), action: { do: 'search', filters: anywhere } });
      }
    } else if (filters.keyword || filters.education) {
      if (filters.keyword) {
        const alt = { ...filters, keyword: null };
        const found = vacancies.search(alt, at, 1).total;
        if (found) options.push({ label: m.t('search.alt_no_keyword_anywhere', { total: found }), action: { do: 'search', filters: alt } });
      }
    }
    // Alerts for exactly this search: the person hears when one comes.
    if (!label) options.push({ label: m.t('search.alt_alerts', { what: what.trim() || m.t('search.what_any') }), action: { do: 'alerts', go: 'apply', id: 0, changes: { kecamatan: filters.kecamatan, education: filters.education, keyword: filters.keyword } } });
    this.d.state.search = { filters, ids: [], total: 0, ...(label ? { label } : {}) };
    this.t.count('searches_empty');
    if (level === 0) this.t.note('search_empty', what.trim() || null);
    const intro = level ? m.t(level === 1 ? 'repair.options_again' : 'repair.options_last') : null;
    const text = [intro, m.t('search.none', { what }), options.length > 1 || (options.length && label) ? m.t('search.alt_intro') : m.t('search.none_try')].filter(Boolean).join('\n');
    this.show({ flow: 'none', filters }, text, options, { human: level >= 2 });
  }

  educationChoices(): Array<{ label: string; action: Action }> {
    const levels: Array<[Parameters<Catalogue['t']>[0], Education]> = [['search.edu_sd', 'SD'], ['search.edu_smp', 'SMP'], ['search.edu_sma', 'SMA'], ['search.edu_diploma', 'D3'], ['search.edu_sarjana', 'S1']];
    return levels.map(([key, level]) => ({ label: this.m.t(key as 'search.edu_sd'), action: { do: 'education', level } }));
  }

  private allChoice(screen: ScreenOf<'search'>): Array<{ label: string; action: Action }> {
    return [{ label: this.m.t('search.all_places'), action: { do: 'search', filters: { ...screen.pending, kecamatan: [] } } }];
  }

  // Shows a screen; with `human`, "Bicara dengan petugas" is the last option.
  private show(screen: Screen, text: string, choices: Array<{ label: string; action: Action }>, options: { hint?: string; remember?: boolean; human?: boolean } = {}): void {
    const all = options.human ? [...choices, { label: this.m.t('repair.human'), action: { do: 'handoff' } as Action }] : choices;
    this.t.show(screen, text, all, { ...(options.hint ? { hint: options.hint } : {}), ...(options.remember !== undefined ? { remember: options.remember } : {}) });
  }
}

export function titleCase(s: string): string {
  return s.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}

function educationName(e: Education): string {
  return e === 'SMA' ? 'SMA/SMK' : e;
}
