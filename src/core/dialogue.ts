// The dialogue core: (stored state, incoming message, its meaning) -> (new
// state, replies, effects). No I/O here. Each message is read in this order
// (the repair rules, in one place):
//   1. words that work everywhere: stop, erase, menu, back, repeat, "are you
//      a bot", a person, cancel, continue, "I do not understand";
//   2. the question the bot asked (the flow that asked it reads the answer);
//   3. a number or "yang kedua" against the last numbered options;
//   4. goodbye and thanks (nothing is stopped);
//   5. a clear other request: the flow is left with its progress kept, the
//      request answered, and the way back offered;
//   6. nothing fits: a plainer re-ask with the options, then the options
//      plus a person; never the same sentence twice.

import { askedIf } from '../nlu/hypothetical.ts';
import type { Understanding } from '../nlu/types.ts';
import { fold } from '../domain/text.ts';
import { NO_FILTERS } from '../domain/vacancy.ts';
import type { Intent, PendingKind, UnderstandContext } from '../nlu/types.ts';
import { learnFacts } from './facts.ts';
import { describeFilters } from './format.ts';
import { AlertsFlow, hiredSaid, searchQuestion } from './flows/alerts.ts';
import { EraseFlow } from './flows/erase.ts';
import { assertNever, type FlowHandler } from './flows/flow.ts';
import { GuideFlow, inGuide } from './flows/guides.ts';
import { HandoffFlow } from './flows/handoff.ts';
import { OfficeFlow } from './flows/office.ts';
import { ProgrammesFlow } from './flows/programmes.ts';
import { ReportFlow } from './flows/report.ts';
import { PAGE, SearchFlow } from './flows/search.ts';
import { matchGuide } from './guide-types.ts';
import type { Catalogue } from './messages.ts';
import { Turn, type CoreContext, type TurnInput } from './turn.ts';
import type { Action, Choice, DialogueState, MenuItem, Reply, Screen, Turn as TurnResult } from './types.ts';
import { Message } from './words.ts';

export type { CoreContext, OfficeInfo, SubscriptionView, HandoffView, TurnInput } from './turn.ts';

const SECRET_MARK = /\[(nik|sandi|kode) dihapus\]/gi;
const SECRET_CONTEXT = new Set(['sy', 'gw', 'gue', 'abdi', 'punya', 'punyaku', 'ktpnya', 'nomer', 'nomornya', 'password', 'pass', 'pw', 'pwd', 'sandi', 'kata', 'sandinya', 'passwordnya', 'pin', 'nik', 'nomor', 'no', 'ktp', 'kode', 'kodenya', 'otp', 'code', 'token', 'verifikasi', 'saya', 'aku', 'ku', 'nya', 'adalah', 'yaitu', 'ini', 'itu', 'ya', 'min', 'kak', 'akun', 'dihapus']);
const MONEY = /\b(bayar|biaya|bayaran|uang|duit|transfer|tf|fee|rp|rupiah|ongkos|setor|admin fee|uang muka|dp)\b|\b\d+ ?(rb|ribu|jt|juta|k)\b/;
const BOT_QUESTION = /\b(ini|nomor ini|ini nomor|nomer ini|ini nomer) (nomor |nomer |no )?(siapa|punya siapa|apa)( ya| sih| kak| min)?$|\b(bot|robot|mesin|manusia|orang asli|ai)\b.*\?|\b(kamu|ini|ieu|anda|km|maneh) (bot|robot|manusia|orang|mesin)\b|\bapakah (kamu|ini|anda) (bot|robot|manusia)|\b(orang|manusia) (atau|apa|ato) (mesin|bot|robot)\b|\b(mesin|bot|robot) (atau|apa|ato) (orang|manusia)\b|\bchat (sama|dengan) (orang|mesin|bot)\b/;
const KTP_PHOTO = /\b(foto|poto|photo|scan|gambar) (ktp|kk|kartu keluarga|e ?ktp)\b|\bktp\b.*\b(kirim|kirimin|dikirim)\b|\b(kirim|kirimin)\b.*\bktp\b/;
const PAUSE = /\b(jeda|jedain|dijeda|pause|berhenti sementara|libur dulu)\b|\b(stop|off|matikan|matiin|berhenti|berenti|berentiin|brenti|hentikan|stopin) (dulu|sementara|seminggu|sebulan)\b.*\b(notif|langganan|kabar)|\b(notif|langganan|kabar)\w*\b.*\b(stop|off|matikan|matiin|berhenti|berenti|berentiin|brenti|hentikan|stopin) (dulu|sementara|seminggu|sebulan)\b/;
const LINK_WORDS = /^(hubungkan|hubungkan telegram|hubungkan whatsapp|hubungkan wa|kode hubung|sambungkan telegram|sambungkan whatsapp)$/;
const HUMAN_ASK = /\b(sambung|sambungin|sambungkan|disambungkan|hubungkan|bicara|ngobrol|chat|ngomong|bales|balas|tanya|ketemu|langsung) (ke|sama|dengan|ama|dgn|ma) (petugas|orang|admin|cs|operator|manusia|staf|pegawai|orangnya)\b|\b(minta|mau|pengen|ingin) (petugas|orang asli|manusia)\b|\bpetugas (aja|saja)\b/;
const REGISTER_FOR_ME = /\b(tolong |minta |bisa )?(di ?daftar(kan|in)|daftarin|daftarkan|dibikinin|dibuatkan|bikinin|buatkan)\b.*\b(saja|aja|sama|oleh|ama|sm|dong|ya|bapak|ibu|kak|min|disana|di sana)\b|\b(tolong|minta) (daftar|dafatarin|bikinin|buatin)\b/;
// Stop words the dialogue takes as explicit even when the understanding does not say so ("stop notif lokernya ya").
const STOP_WORDS = /\b(stop|setop|berhenti|berhentikan|hentikan|matikan|matiin|stopin|off ?kan|udahan|udahin|sudahan|sudahi|cabut)\b (semua )?(notif|notifikasi|langganan|kabar|info loker|info lowongan|kiriman)\w*\b|\b(notif|notifikasi|langganan|kabar)\w* (loker|lowongan)?\s?(nya )?(di ?stop|distop|dimatikan|dimatiin|dihentikan|berhenti|stop|off|udahan|udahin|dicabut)\b/;
// Erase words the dialogue takes as explicit even when the understanding does not say so (its lexicon is the main source).
const ERASE_WORDS = /\b(hapus|hapuskan|hapusin|delete)\b.{0,20}\b(data|akun) (saya|sy|aku|ku|gw|gue|aye|abdi|pribadi)\b|\b(hapus|hapuskan|hapusin) data\b|\bdata (saya|sy|aku|ku|gw|gue|aye|abdi)\b.{0,30}\b(di ?hapus|dihapus|hapus|hapusin|hapuskan)\b/;
// "stop", "iya stop aja", "ya berhenti aja deh": a stop word with only yes words and particles around it is explicit
// (rule 8: "stop" alone stops alerts), also as the answer to "maksud Kakak yang mana?".
const BARE_STOP = /^((ya|iya|iye|iyah|iyaa|y|yes|ok|oke|okey|sip|udah|sudah|udh|sdh|pokoknya|tolong|mohon|min|kak|deh|dong|aja|saja|muhun)\s+)*(stop|setop|stopp|stopin|berhenti|berhentiin|berenti|brenti|udahan|eureun|unsubscribe|unsub)( (aja|saja|ya|yah|deh|dong|kak|min|semua|semuanya|sekarang|skrg|lah|please|pls|wae|we|atuh|mah|nya|notifnya|langganannya))*$/;
// "kasih aja email sm passwordnya ke kakak", "ini pw nya ya kak biar dibantu": a password offered to the bot or a petugas.
const PASSWORD_WORD = String.raw`\b(password|passwd|pasword|pass|pwd|pw|sandi|kata ?sandi)\w*`;
const PASSWORD_OFFER = new RegExp(`${PASSWORD_WORD}.{0,40}\\b((ke|sama|sm|ama|buat|untuk|utk) (kakak|kak|admin|min|petugas|bapak|pak|ibu|bu|situ|kamu|km|sini|bot|mas|mba|mbak|teteh|aa)|biar (dibantu|dicek|dicekin|dibikinin|diurus|diurusin|dibuatin|dibukain|dibuka|masuk))\\b|\\b(kasih|kasihin|kirim|kirimin|share|bagi|tak kasih|ini)\\b.{0,30}${PASSWORD_WORD}`);
const PASSWORD_TALK = /\b(lupa|reset|ganti|ubah|salah|cara|bikin|buat baru|kasih (tau|tahu)|jangan|jgn)\b/;
// "nanti petugasnya minta nik?", "perlu kirim ktp ga?": asks whether a NIK, a KTP (photo) or a password is needed.
const ID_WORD = String.raw`(nik|ktp|e ?ktp|kk|kartu keluarga|password|pw|kata sandi|sandi)\w*`;
const ID_VERB = String.raw`(minta|dimintai|diminta|mintain|perlu|harus|wajib|kudu|musti|kirim|dikirim|kirimin|ngirim|kasih|dikasih|kasihin|setor|disetor)`;
const ID_ASK = new RegExp(String.raw`\b${ID_VERB} (\w+ ){0,2}${ID_WORD}\b|\b${ID_WORD} (\w+ )?${ID_VERB}\b`);
const ID_ASK_QUESTION = /\b(ga|gak|nggak|ngga|gk|g|engga|enggak|tidak|apa|apakah|kah|ya|gitu|sih)$|^(apa|apakah|nanti|harus|perlu|wajib|emang|memang)\b/;
const DECLINED_PAYMENT = /\b(ga|gak|nggak|ngga|enggak|tidak|gk|g) jadi (transfer|tf|bayar|beli|setor|kirim uang|ngirim)\b( (deh|aja|dulu))?/;
// Words for vacancies or work themselves, whatever the job.
const SEEK_WORDS = /\b(lowongan|loker|lowker|kerjaan|pekerjaan|lapangan kerja|cari kerja|nyari kerja|kerja)\b/;
const ALERT_WORDS = /\b(di ?)?(notif|notifikasi|langganan|berlangganan|kabar|kabari|kabarin|kabarkan|info|infoin|alert|pemberitahuan|update|ingetin|ingatkan|kirimin|kirimi|kirim)\w*\b/;
const CHAT_ERASE = /\b(hapus|hapusin|dihapus|delete|apus|apusin)\b.{0,25}\b(chat|pesan|obrolan)\b.{0,30}\b(password|pasword|passwordnya|sandi|pw|kode|kodenya|otp|nik|ktp)\b|\b(password|sandi|pw|kode|otp|nik)\w*\b.{0,30}\b(hapus|hapusin|dihapus|apus|apusin)\b.{0,10}\b(chat|pesan)\b/;
const STOP_VERB = /\b(stop|setop|stopin|distop|berhenti|berhentiin|berenti|berentiin|brenti|brentiin|hentikan|dihentikan|matikan|matiin|dimatiin|dimatikan|off|udahin|sudahi)\b/;
const RESUME_VERB = /\b(aktifkan|aktifin|aktipin|diaktifkan|hidupkan|hidupin|nyalakan|nyalain|idupin|dinyalain|dinyalakan|lanjutin lagi|aktif lagi|nyala lagi)\b/;
const NEGATED_STOP = /\b(jangan|jgn|ga|gak|gk|tidak|nggak|ngga|bukan|ga usah|gak usah|gausah|tidak usah)\b (di ?)?(stop|berhenti|berenti|matiin|matikan|hentikan|distop|dimatiin)/;
const OFFICE_TIME = /\b(buka|tutup|bukanya|tutupnya|libur|liburnya)\b/;
const DAY_OR_HOUR = /\b(senin|selasa|rabu|kamis|jumat|jum at|sabtu|minggu|ahad|hari libur|tanggal merah|jam|jam berapa|jam brp|hari ini|besok)\b/;
// "buka lowongan", "pendaftaran job fair tutup": about something other than the office.
const NOT_OFFICE_TIME = /\b(lowongan|loker|lowker|pendaftaran|daftar|job ?fair|pelatihan|blk|toko|pabrik|pt|perusahaan|akun|aplikasi|web|situs|link)\b/;
const DURATION = /\b(seminggu|sepekan|sebulan|dua minggu|2 minggu|beberapa hari|bbrp hari|\d+ (hari|minggu|bulan))\b/;
const MAKE_ALERT = /\b(bikinin|buatin|buatkan|bikinkan|daftarin|daftarkan|pasangin|aktifin|minta|mau|pengen|ingin|tolong) (di ?)?(notif|notifikasi|langganan|kabar lowongan|kabar loker|info loker|info lowongan|alert)\b/;
// "bisa dikabarin tiap ada loker baru ga?", "kabarin ya kalo ada": alerts asked for, whatever is on screen.
const ALERT_ASK = /\b(di ?kabar(in|i|kan)|kabar(in|i|kan)|infoin|di ?infoin|kasih (tau|tahu)|diberi ?tahu)\b.{0,30}\b(kalau|kalo|klo|kl|tiap|setiap|kapan ?kapan)\b.{0,12}\b(ada|muncul|buka)\b|\b(di ?kabar(in|i)|kabar(in|i)) (saya |sy |aku )?(tiap|setiap) (ada )?(loker|lowongan)|\b(kalau|kalo|klo|kl|jika|bila|kapan ?kapan)\b.{0,12}\b(ada|muncul|buka)\b.{0,70}\b(di ?kabar(in|i|kan)|kabar(in|i|kan)|di ?infoin|infoin|(kasih|dikasih|diberi) ?(tau|tahu))\b/;
// Words that may go with "lanjut" when it asks for what was left ("lanjut yg tadi", "terusin daftarnya", "lanjut ke langkah
// berikutnya"): anything else ("lanjut cari loker di setu") is a request of its own.
const RESUME_REST = new Set(['yang', 'yg', 'tadi', 'td', 'kemarin', 'kemaren', 'kmrn', 'kmaren', 'barusan', 'sebelumnya', 'terakhir', 'lagi', 'lg', 'ke', 'dari', 'sampai', 'sampe',
  'daftar', 'daftarnya', 'pendaftaran', 'pendaftarannya', 'mendaftar', 'ndaftar', 'ndaftarnya', 'panduan', 'panduannya', 'langkah', 'langkahnya', 'step', 'stepnya', 'tahap', 'tahapnya',
  'berikutnya', 'selanjutnya', 'nya', 'isi', 'isinya', 'ngisi', 'isian', 'isiannya', 'proses', 'prosesnya', 'cara', 'caranya', 'tutorial', 'tutorialnya', 'bikin', 'bikinnya', 'buat', 'buatnya',
  'akun', 'akunnya', 'profil', 'profilnya', 'siapkerja', 'karirhub', 'kartu', 'kuning', 'ak1', 'sipkerja', 'mau', 'pengen', 'ingin', 'saya', 'sy', 'aku', 'dong', 'donk', 'ya', 'yah', 'aja', 'saja',
  'yuk', 'ayo', 'kak', 'min', 'deh', 'lah', 'tolong', 'bisa', 'itu', 'langganan', 'langganannya', 'berlangganan', 'notif', 'notifnya', 'notifikasi', 'kabar', 'kabarnya', 'laporan', 'laporannya', 'lapor', 'lapornya']);
const GUIDE_WORDS = /\b(daftar\w*|ndaftar\w*|panduan\w*|langkah\w*|step\w*|tahap\w*|isi\w*|ngisi|profil\w*|akun\w*|siapkerja|karirhub|kartu kuning|ak1|sipkerja|tutorial\w*)\b/;
// "terus gimana?", "abis itu apa?" after leaving a guide: its next step.
const NEXT_ASK = /^(terus|trus|terusnya|lanjutnya|abis itu|habis itu|setelah itu|selanjutnya|berikutnya|next|langkah (selanjutnya|berikutnya)|udah terus|sudah terus)\b( (gimana|gmn|bagaimana|apa|ngapain|ngapain lagi|apa lagi|lagi))?( (ya|kak|min|dong))?$/;
// "titip pesan aja", "tolong sampaikan ke petugas": a message left for staff when no one is connected.
const LEAVE_MESSAGE = /\b(titip pesan|nitip pesan|titip aja|nitip aja|tinggal(kan|in) pesan|ninggalin pesan|meninggalkan pesan|pesan (buat|untuk|ke) (petugas|admin|orangnya)|sampaikan ke (petugas|admin)|sampein ke (petugas|admin))\b/;
// A word that confirms a summary even next to thanks ("iya betul makasih"); a bare "ya" next to thanks is manners.
const CONFIRMING = /\b(iya|iye|iyah|iyaa|iyap|yes|yup|bener|benar|betul|leres|muhun|setuju|sesuai|cocok|oke|ok|okey|okay|simpan|simpen|kirim|kirimkan)\b/;
// "balik ke loker tadi", "balik cari loker aja deh": the last vacancy list again (not a new search, not a guide).
const LIST_AGAIN = /\b(balik|kembali|back|balik lagi|kembali lagi)\b( ke| cari| liat| lihat| ke daftar| ke list)? (loker|lowongan|lowker|daftar loker|daftar lowongan|list loker|kerjaan)\w*\b|\b(liat|lihat|buka|tampilkan|tunjukin)( lagi| lg)? (daftar )?(loker|lowongan|lowker)\w* (yang |yg )?(tadi|td|sebelumnya|barusan)\b|^(daftar |list )?(loker|lowongan|lowker)\w* (yang |yg )?(tadi|td|barusan)( (mana|lagi|lg|dong|aja|kak|min))*$/;
// "yg tadi aja": what was on screen before the last detour (the list, or the guide left for it).
const THAT_ONE_AGAIN = /^(yang|yg) (tadi|td|barusan|sebelumnya)( (aja|saja|deh|dong|ya|kak|min|lagi|lg))*$/;
// "bisa telpon kantornya?", "nomor kantor disnaker brp": the office's phone asked for (never an employer's report).
const OFFICE_CONTACT = /\b(telpon|telepon|nelpon|nelepon|ditelpon|ditelepon|ditelp|tlp|telp|call|hubungi|dihubungi|kontak|nomor|nomer|no|cp)\b.{0,20}\b(kantor|kantornya|disnaker|dinas|dinasnya)\b|\b(kantor|kantornya|disnaker)\b.{0,20}\b(telpon|telepon|ditelpon|ditelepon|ditelp|tlp|telp|nomor|nomornya|nomer|nomernya|kontak|kontaknya|dihubungi|call center)\b/;
// "besok bisa dateng ke kantor?", "kalau mau ke disnaker hari apa?": a visit to the office asked about.
const OFFICE_VISIT = /\b(dateng|datang|dtg|kesana|ke sana|mampir|berkunjung|ke)\b( langsung)? (ke )?(kantor disnaker|kantornya|kantor dinas|disnaker|dinas tenaga kerja|kantor)\b/;
// "kantornya dimana ya", "alamat disnaker", "kantor disnaker buka jam berapa": where and when the office is.
const OFFICE_WHERE = /\b(kantor|kantornya|disnaker)\b.{0,15}\b(dimana|di mana|dmn|mana|alamat\w*|lokasi\w*|letak\w*|buka|tutup|jam (buka|kerja|operasional))\b|\b(alamat|lokasi|letak|jam buka|jam kerja)\w* (kantor|kantornya|disnaker)\b/;
const CONTACT_QUESTION = /\b(brp|berapa|brapa|ada|bisa|bs|apa|gimana|gmn|mana|dimana|dmn|ga|gak|nggak|gk|ya|kah|minta|dong)\b/;
const THANKS = /\b(terima ?kasih|trima ?kasih|terimakasih|trimakasih|makasih|makasi|makasii+h?|mksh|mkasih|maksih|mksi|trims|thanks|thank|thx|tq|nuhun|suwun|nuwun)\b/;
const THANKS_ALL = new RegExp(THANKS.source, 'g');
const HONORIFIC = new Set(['bu', 'ibu', 'pak', 'bapak', 'mas', 'mba', 'mbak', 'teh', 'teteh', 'kang', 'akang', 'aa', 'a', 'bang', 'abang', 'kak', 'om', 'tante', 'neng', 'ceu']);
// Words that go with a thanks to a person ("makasih banyak ya bu, sangat membantu").
const THANKS_REST = new Set([...HONORIFIC, 'hatur', 'matur', 'you', 'min', 'admin', 'petugas', 'ya', 'yah', 'yaa', 'yo', 'banyak', 'bnyk', 'byk', 'sekali', 'bgt', 'banget', 'pisan', 'udah', 'sudah',
  'dah', 'dibantu', 'bantuannya', 'bantuanya', 'infonya', 'atas', 'sangat', 'membantu', 'ngebantu', 'oke', 'ok', 'okey', 'sip', 'siap', 'baik', 'nggih', 'semoga', 'sehat', 'selalu', 'lagi', 'deh',
  'nya', 'sdh', 'udh', 'so', 'much', 'very', 'waalaikumsalam', 'wassalam', 'wassalamualaikum', 'alhamdulillah', 'jazakallah', 'berkah', 'berkat', 'kasih']);
const CHECK_ACCOUNT = /\b(cek|cekin|cekkan|dicek|ngecek|liatin|lihatkan|periksa|periksain)\b.{0,25}\b(akun|akunnya|akun saya|pendaftaran|status)\b|\b(sudah|udah|udh|sdh) (terdaftar|kedaftar|masuk datanya) (belum|blm|apa belum|ga|gak)\b/;
const REPORT = /\b(lapor|laporin|dilaporin|laporkan|dilaporkan|melaporkan|ngelaporin|ngadu|mengadu|adukan)\b/;
// Someone else a person asks for ("buat anak saya"), and words of looking for work.
const FOR_OTHER = /\b(untuk|buat|utk|bwt) (suami|istri|anak|adik|adek|kakak|keponakan|ponakan|saudara|sodara|tetangga|teman|temen)\b/;
const LOOKING = /\b(kerja|kerjaan|pekerjaan|loker|lowongan|lulus|lulusan|tamat|tamatan|nganggur|pengangguran)\b/;
// How to apply, in a person's words ("kumaha daftarna", "cara ngelamarnya gmn").
const APPLY = /\b(daftar|daftarnya|daftarna|ndaftar|ngelamar|melamar|lamar|lamarnya|ngelamarnya|apply)\b/;
// Alerts said to come too often ("kebanyakan", "bisa dikurangin ga").
const TOO_MANY = /\b(kebanyakan|terlalu banyak|banyak banget|banyak bgt|terlalu sering|sering banget|sering bgt|dikurangin|dikurangi|kurangin|kurangi|dikit aja|sedikit aja)\b/;
// After a scam was told: money already paid ("udah bayar 1 juta"), or asked back ("uang sy bisa balik ga").
const PAID = /\b(udah|sudah|udh|sdh|terlanjur|telanjur|keburu)\s+(bayar|dibayar|transfer|ditransfer|tf|kirim uang|dp)\b/;
const REFUND = /\b(uang|duit|dana|dp)\w*\b.{0,24}\b(balik|kembali|dikembalikan|dibalikin|balikin|ditarik|refund)\b/;
const VACANCY_CLOSED = /\b(udah|sudah|udh|sdh|dah) (tutup|penuh|diisi|terisi|tidak ada|ga ada|gak ada|gk ada|ditutup)\b|\b(ternyata|katanya|cenah) (tutup|penuh|udah tutup|udh tutup|sudah tutup|ga ada|tidak ada|gak ada)\b|\blowongan(nya)? (palsu|fiktif|bohong)\b/;

/** Handles one incoming message. */
export function respond(input: TurnInput, ctx: CoreContext): TurnResult {
  const dialogue = new Dialogue(input, ctx);
  dialogue.run();
  return dialogue.result();
}

/** A fresh conversation state. */
export function initialState(): DialogueState {
  return { v: 2, welcomed: false, screen: { flow: 'other' }, back: [], choices: [], search: null, opened: [], guide: null, suspended: null, repairs: 0, confused: 0, misses: 0, facts: {}, last: [], handoff: null, stopped: null, changed: null };
}

/** A stored state of any version, as this core reads it (older versions keep the welcome and the guide). */
export function readState(stored: unknown): DialogueState {
  const base = initialState();
  if (!stored || typeof stored !== 'object') return base;
  const s = stored as Partial<DialogueState> & { v?: number; guide?: DialogueState['guide']; welcomed?: boolean };
  if (s.v === 2) return { ...base, ...structuredClone(s) } as DialogueState;
  return { ...base, welcomed: Boolean(s.welcomed), guide: s.guide ?? null };
}

/** What the bot was waiting for, for the understanding: an answer is read as an answer. */
export function understandingContext(state: DialogueState | null): UnderstandContext {
  if (!state) return {};
  const s = state.screen;
  let pending: PendingKind | null;
  switch (s.flow) {
    case 'search':
      pending = s.ask === 'education' ? 'education' : 'district';
      break;
    case 'alerts':
      pending = s.step === 'places' || s.step === 'pick' ? 'district' : s.step === 'education' ? 'education' : s.step === 'keyword' ? 'keyword' : s.step === 'timing' ? 'frequency' : s.step === 'confirm' ? 'confirm' : state.choices.length ? 'choice' : null;
      break;
    case 'guide':
      pending = s.part === 'done' ? 'choice' : 'guide_step';
      break;
    case 'erase':
      pending = 'erase_confirm';
      break;
    case 'service':
      pending = s.step === 'pick' ? 'district' : s.step === 'confirm' || s.step === 'fee' ? 'confirm' : asks(s) ? 'form' : state.choices.length ? 'choice' : null;
      break;
    default:
      pending = state.choices.length ? 'choice' : null;
  }
  const options = state.last.flatMap((r) => r.choices.map((c) => c.label));
  const topic = state.guide ? (null as UnderstandContext['topic']) : (state.facts.topics?.at(-1) as UnderstandContext['topic']) ?? null;
  return { pending, ...(options.length ? { options } : {}), ...(topic ? { topic } : {}) };
}



// A choice that stops alerts or erases: taken only by its number typed alone.
const harmfulAction = (a: Action) => a.do === 'erase' || (a.do === 'alerts' && (a.go === 'stop' || a.go === 'stop_all'));
// Words that name no option ("yang kantor dong", "mau cari kerja").
const CHOICE_FILLER = new Set(['yang', 'mau', 'dong', 'deh', 'aja', 'saja', 'ingin', 'pengen', 'tolong', 'min', 'kak', 'kakak', 'saya', 'aku', 'untuk', 'buat', 'nya']);
/** One turn's router and the flows it hands messages to. */
export class Dialogue {
  readonly turn: Turn;
  readonly search: SearchFlow;
  readonly guides: GuideFlow;
  readonly alerts: AlertsFlow;
  readonly erase: EraseFlow;
  readonly handoffFlow: HandoffFlow;
  readonly office: OfficeFlow;
  readonly report: ReportFlow;
  readonly programmes: ProgrammesFlow;
  private suspendedNow: Screen | null = null;
  private warnedMoney = false;
  /** A question was answered from a guide's own facts this turn. */
  answeredFromGuide = false;
  /** A petugas closed the chat and the bot speaks again this turn. */
  backFromStaff = false;
  private guideReminded = false;
  private knewLabour = false;
  private repeated = false;

  constructor(input: TurnInput, ctx: CoreContext) {
    const state = !input.state ? initialState() : input.stateIsCopy ? input.state : readState(input.state);
    const understanding = jobInContext(input.understanding, input.inbound.text);
    this.turn = new Turn({ ...input, understanding }, ctx, new Message(input.inbound.text, understanding, ctx.words), state);
    this.search = new SearchFlow(this);
    this.guides = new GuideFlow(this);
    this.alerts = new AlertsFlow(this);
    this.erase = new EraseFlow(this);
    this.handoffFlow = new HandoffFlow(this);
    this.office = new OfficeFlow(this);
    this.report = new ReportFlow(this);
    this.programmes = new ProgrammesFlow(this);
  }

  /** An answer dealt with money already (a fee refused, "is reporting free?"): no general warning is added. */
  moneyAnswered(): void {
    this.warnedMoney = true;
  }

  get state(): DialogueState {
    return this.turn.state;
  }

  private get m(): Catalogue {
    return this.turn.m;
  }

  result(): TurnResult {
    return { state: this.state, replies: this.turn.replies, effects: this.turn.effects };
  }

  run(): void {
    const t = this.turn;
    const { input } = t;
    const msg = t.msg;
    const s = this.state;
    const first = !s.welcomed;

    // Greetings answered in kind, and the two-line welcome on a first contact, in one message.
    const opening: string[] = [];
    if (msg.has('salam')) opening.push(this.m.t('courtesy.salam'));
    else if (msg.has('sampurasun')) opening.push(this.m.t('courtesy.sampurasun'));
    else if (msg.has('punten')) opening.push(this.m.t('courtesy.punten'));
    if (first) {
      opening.push(this.m.t('welcome', { office: t.ctx.office.name, regency: t.ctx.region.name }));
      s.welcomed = true;
      t.count('new_people');
    }
    if (opening.length) t.replies.push({ text: opening.join('\n'), choices: [] });
    if (input.link === 'linked') return this.finish(() => this.alerts.linked());
    if (input.link === 'unknown') return this.finish(() => t.say(this.m.t('alerts.link_unknown')));

    // Staff closed the chat since the person last heard from the bot.
    if (s.handoff && input.handoff?.status === 'closed') this.handoffFlow.backToBot();
    else if (input.handoff && input.handoff.status !== 'closed') s.handoff = { status: input.handoff.status, staffName: input.handoff.staffName };

    const { secrets } = input;
    if (secrets.nik) t.say(this.m.t('secret.nik'));
    if (secrets.password) t.say(this.m.t('secret.password'));
    if (secrets.code) t.say(this.m.t('secret.code'));
    if (input.inbound.media) t.say(this.m.t('media'));
    else if (KTP_PHOTO.test(msg.text) && !idQuestion(msg.text, msg.original)) {
      t.say(this.m.t('secret.ktp_photo'));
      if (input.handoff && input.handoff.status !== 'closed' && msg.length <= 20) {
        t.addLine(this.m.t('handoff.still_waiting_short'));
        return this.finish(() => undefined);
      }
    }
    // A hard situation told at length: one line of empathy before the answer.
    if (msg.length >= 12 && msg.has('hardship')) t.addLine(this.m.t('courtesy.empathy'));
    // A dispute already told (pesangon, wages) is not routed again; a lay-off told only as background is no dispute.
    this.knewLabour = Boolean(s.facts.labour?.some((l) => l !== 'kena PHK'));
    s.facts = learnFacts(s.facts, msg.text, msg.original, t.u);
    // After a long pause, earlier "saya tidak mengerti" no longer count.
    if (s.at && t.at.getTime() - Date.parse(s.at) > 12 * 3_600_000) s.confused = 0;

    const anySecret = secrets.nik || secrets.password || secrets.code;
    const secretOnly = anySecret && fold(input.inbound.text.replace(SECRET_MARK, ' ')).split(' ').every((w) => !w || SECRET_CONTEXT.has(w));
    if (!msg.text || secretOnly) {
      // Only a secret (now removed) or nothing readable: show again what was asked.
      const handler = this.handler(s.screen);
      if (handler && asks(s.screen)) return this.finish(() => handler.redraw(s.screen as never, 0));
      if ((!anySecret && !input.inbound.media) || first) return this.finish(() => this.menu(first ? 'menu.text' : 'menu.again'));
      return this.finish(() => undefined);
    }
    this.finish(() => this.route());
  }

  // Runs the turn's body, then what every turn ends with.
  private finish(body: () => void): void {
    const t = this.turn;
    const before = t.before;
    body();
    // Two requests in one message: the first is answered, the other named so that it is not lost.
    const also = t.u.also;
    if (also && t.replies.length && !t.replies.some((r) => r.text.includes(also.clause))) t.addLine(this.m.t('nav.also', { what: also.clause.replace(/["*_]/g, '') }));
    // Money mentioned: warn, unless an answer already did.
    if (MONEY.test(t.msg.text) && t.u.intent !== 'out_of_scope' && !this.warnedMoney && !this.answeredFromGuide && !t.effects.some((e) => e.type === 'activity' && e.kind === 'scam')) {
      t.say(this.m.t('money'));
    }
    // A question left for something else: the way back, in one line or as a numbered choice.
    this.state.resumeOffered = false;
    if (this.suspendedNow) {
      const handler = this.handler(this.suspendedNow);
      const label = handler?.progress(this.suspendedNow as never);
      if (label) {
        this.state.resumeOffered = true;
        const last = t.replies.at(-1);
        if (last && last.choices.length === 0) {
          t.addChoice(this.m.t('nav.resume_choice', { what: label }), { do: 'resume' });
          if (!last.hint) last.hint = this.m.t('nav.hint');
        } else t.addLine(this.m.t('nav.resume_line', { what: label }));
      }
    } else if (!this.guideReminded && inGuide(before) && !inGuide(this.state.screen) && this.state.screen.flow !== 'menu' && this.state.screen.flow !== 'guides' && this.state.guide) {
      const reminder = this.guides.reminder();
      if (reminder) t.addLine(reminder);
    }
    // Never the same re-ask twice in a row.
    const previous = this.state.last?.[0]?.text;
    if (t.repaired && !this.repeated && t.replies.length && previous && t.replies.every((r, i) => r.text === this.state.last[i]?.text)) {
      t.replies[0] = { ...t.replies[0]!, text: `${this.m.t('repair.same')}\n${t.replies[0]!.text}` };
    }
    this.state.last = t.replies.map((r) => ({ ...r, choices: [...r.choices] }));
    this.state.at = t.at.toISOString();
    const end = this.state.screen;
    if (end.flow === 'results') this.state.lastSeen = { flow: 'list', offset: end.offset };
    else if (end.flow === 'details') this.state.lastSeen = { flow: 'list', offset: Math.floor(end.index / PAGE) * PAGE };
    else if (inGuide(end)) this.state.lastSeen = { flow: 'guide' };
    t.count('messages_in');
    for (let i = 0; i < t.replies.length; i++) t.count('messages_out');
  }

  // --- the repair rules -----------------------------------------------------

  private route(): void {
    const s = this.state;
    // "ga jadi transfer deh": the person's own plan to pay is dropped; said to be right, nothing in the bot is cancelled.
    if (DECLINED_PAYMENT.test(this.turn.msg.text)) {
      this.turn.say(this.m.t('scam.declined'));
      this.warnedMoney = true;
      const rest = this.turn.msg.text.replace(DECLINED_PAYMENT, ' ').replace(/\b(oke|ok|yaudah|ya udah|astaghfirullah|hampir aja|hampir saja|deh|dong|aja|kak|min)\b/g, ' ').trim();
      if (rest.split(/\s+/).filter((w) => w.length > 1).length < 2) return;
      // "... yg las td daftarnya gmn": the question about the programme opened before.
      if (this.programmes.followUp()) return;
    }
    if (this.global()) return;
    const screen = s.screen;
    // "punten teh", "sampurasun": a greeting only (answered in kind above), never read as the answer to the question on
    // screen ("teh" is no kecamatan); that question comes back after it, or the menu. A bare "pagi" or "malam" may answer
    // a question ("yg pagi aja"), so greetings by the time of day alone are left to the flow.
    const msg = this.turn.msg;
    if (msg.only('hello', 'salam', 'sampurasun', 'punten') && (msg.has('salam') || msg.has('sampurasun') || msg.has('punten') || /\b(halo|hallo|helo|hai|hi|permisi)\b/.test(msg.text))) {
      const waiting = this.handler(screen);
      if (!waiting || !asks(screen)) return this.menu(this.turn.replies.length ? 'menu.text' : 'menu.again'), this.understood();
      if (!this.turn.replies.length) this.turn.say(this.m.t('courtesy.hello_again'));
      this.guideReminded = true;
      waiting.redraw(screen as never, 0);
      return this.understood();
    }
    // "makasih ya" at a summary waiting for "Kirim" or "Ya, simpan" is a goodbye, never the confirmation (its "ya" is manners).
    const atSummary = (screen.flow === 'service' && (screen.step === 'confirm' || screen.step === 'fee')) || (screen.flow === 'alerts' && screen.step === 'confirm');
    // "iye bener. makasih", "iya betul makasih ya": a confirming word besides that "ya" confirms, then the thanks are answered.
    if (atSummary && (screen.flow === 'alerts' || screen.step === 'confirm') && THANKS.test(this.turn.msg.text) && this.turn.msg.only('goodbye', 'yes') && CONFIRMING.test(this.turn.msg.text)) {
      const confirm = s.choices.find((c) => c.key === '1');
      if (confirm) {
        this.act(confirm.action);
        this.turn.say(this.m.t(this.employer() ? 'courtesy.thanks_employer' : 'courtesy.thanks_short'));
        return this.understood();
      }
    }
    if (atSummary && THANKS.test(this.turn.msg.text) && this.turn.msg.only('goodbye', 'yes') && !/\b(kirim|kirimkan|simpan|simpen)\b/.test(this.turn.msg.text) && this.goodbye()) return this.understood();
    // "makasih bu sari" after a hand-over, at whatever question was on screen: a polite close.
    if (this.thanksToPerson() && this.goodbye()) return this.understood();
    const handler = this.handler(screen);
    if (handler?.answer(screen as never)) return this.understood();
    if (this.choice()) return this.understood();
    if (this.search.item()) return this.understood();
    // An answer to the question left for a digression ("lulusan stm dulu" after a question about job fairs).
    if (s.suspended && s.suspended !== screen && !s.parked) {
      const suspended = s.suspended;
      const owner = this.handler(suspended);
      // The numbers on screen belong to what is shown now, not to the question left: none are picked for it.
      const choices = s.choices;
      s.screen = suspended;
      s.suspended = null;
      s.choices = [];
      if (owner?.answer(suspended as never)) return this.understood();
      s.screen = screen;
      s.suspended = suspended;
      s.choices = choices;
    }
    // "oke", "sip" with no question waiting: acknowledged, the list on screen kept (its numbers still work).
    // "ok nanti aku dateng", "siap nanti saya coba": an acknowledgement with a plan, not a goodbye and not out of scope.
    const ackWithPlan = this.turn.u.intent === 'thanks' && /^(ok|oke|okay|okey|okeh|siap|sip|baik|baiklah|iya|iyaa|ya)\b/.test(this.turn.msg.text) && /\b(nanti|ntar|entar|besok|coba|dateng|datang|kesana|ke sana)\b/.test(this.turn.msg.text) && !THANKS.test(this.turn.msg.text) && !/\bmakasih\w*/.test(this.turn.msg.text);
    if ((this.turn.msg.only('yes') || ackWithPlan) && !asks(s.screen)) {
      if (s.screen.flow === 'results' || s.screen.flow === 'details' || s.screen.flow === 'menu' || s.screen.flow === 'other') return this.turn.say(this.m.t(s.screen.flow === 'results' || s.screen.flow === 'details' ? 'courtesy.ack_list' : 'courtesy.ack')), this.understood();
    }
    // "ya" to a question whose choices are not yes and no: the question again, more plainly (never "Halo lagi").
    if (this.turn.msg.only('yes') && asks(s.screen)) return this.notUnderstood();
    // "bayar ga?" while a question waits: it is free, and the same question again (not "belum menangkap").
    if (handler && asks(s.screen) && MONEY.test(this.turn.msg.text) && this.turn.msg.raw.length <= 5 && !this.office.isScam()) {
      this.turn.say(this.m.t('money'));
      this.warnedMoney = true;
      handler.redraw(s.screen as never, 0);
      return this.understood();
    }
    if (this.smallTalk()) return this.understood();
    if (this.goodbye()) return this.understood();
    if (this.intent()) return this.understood();
    this.notUnderstood();
  }

  private understood(): void {
    this.state.misses = 0;
  }

  // Words that work in every state.
  private global(): boolean {
    const t = this.turn;
    const msg = t.msg;
    const u = t.u;
    const s = this.state;
    const text = msg.text;
    const erase = u.explicit.erase || (ERASE_WORDS.test(text) && !/\b(jangan|jgn|tidak usah|ga usah|gak usah|bukan)\b.{0,12}\bhapus/.test(text) && !/\bsiapkerja|karirhub|kemnaker\b/.test(text));
    if ((s.facts.scam || s.facts.moneyWho) && (PAID.test(text) || REFUND.test(text)) && !erase && !u.explicit.stop) return this.leaving(() => this.scamPaid()), true;
    if (erase || (s.screen.flow === 'erase' && this.erase.confirms())) {
      if (s.screen.flow === 'erase') return this.erase.erase(), true;
      if (this.office.isScam()) {
        t.say([this.m.t('scam.warning'), this.m.t('scam.no_source')].join('\n'));
        t.note('scam', msg.original.slice(0, 500));
        t.count('scam_reports');
        this.warnedMoney = true;
      }
      return this.erase.ask(), true;
    }
    // "kalau udah dapet kerja nanti bisa stop?": how stopping works is answered; nothing is stopped or started.
    if (this.alerts.stopLaterAsked()) return this.leaving(() => t.say(this.m.t('alerts.can_stop'))), true;
    const stop = u.explicit.stop || (BARE_STOP.test(text) && this.alerts.visible().length > 0) || (STOP_WORDS.test(text) && !askedIf(text) && !/\b(kenapa|knp|napa|mengapa|kok)\b/.test(text) && !/\b(jangan|jgn|ga mau|gak mau|tidak mau|nggak mau|bukan)\b.{0,15}\b(stop|berhenti|matikan|hentikan)/.test(text));
    // "udah keterima kerja, ga usah kirim loker lagi": with the news of a job, a stop word or a suspected stop is meant.
    const hiredStop = hiredSaid(text) && !/\?/.test(msg.original) && !NEGATED_STOP.test(text) && (STOP_VERB.test(text) || u.intent === 'unsubscribe' || u.alternatives.some((a) => a.intent === 'unsubscribe') || /\b(tidak|ga|gak|gk|nggak|ngga|jangan|jgn) (usah|perlu)? ?(kirim|dikirim|dikirimin|kirimin|kabarin|dikabarin|notif)\w*\b/.test(text));
    if (hiredStop && !PAUSE.test(text)) return this.alerts.stop(), true;
    // "alhamdulillah udah kerja sekarang": good news with no request; alerts are offered to stop, the question on screen kept.
    if (!NEGATED_STOP.test(text) && !stop && this.alerts.hiredNews()) return this.leaving(() => this.alerts.hired()), true;
    // "matiin notifnya jam 9 malem ke atas" asks for quiet hours, not a stop.
    if (stop && !PAUSE.test(text) && !this.alerts.quietAsked()) return this.alerts.stop(), true;
    if ((u.explicit.stop || u.intent === 'unsubscribe' || this.alerts.visible().length) && PAUSE.test(text) && !/\?/.test(msg.original)) return this.alerts.pause(false), true;
    // One of several subscriptions named by whose or number: "yg punya siti stop aja", "yg punya sy berentiin dulu seminggu",
    // "notif sy nyalain lg". Only with a stop, pause or resume verb that no negation denies.
    const named = !/\?/.test(msg.original) && !NEGATED_STOP.test(text) ? this.alerts.named() : null;
    if (named) {
      if (STOP_VERB.test(text) && (DURATION.test(text) || /\b(dulu|sementara)\b/.test(text))) return this.alerts.pause(false), true;
      if (STOP_VERB.test(text)) return this.alerts.stop(), true;
      if (RESUME_VERB.test(text)) return this.alerts.pause(true), true;
    }
    if (RESUME_VERB.test(text) && /\b(notif|notifikasi|langganan|kabar|alert)\w*\b|^\w+ (lagi|lg|kembali)( (dong|ya|kak|min|aja))?$/.test(text) && !/\?/.test(msg.original) && this.alerts.visible().some((x) => x.status === 'paused')) return this.alerts.pause(true), true;
    if (/^(aktifkan langganan|aktifkan lagi|langganan lagi|lanjutkan langganan|aktifkan kabar lowongan|unpause|aktifkan notif|nyalakan lagi)$/.test(text)) return this.alerts.pause(true), true;
    // "aktifin lagi", "mau langganan lagi yg kemarin" with every subscription stopped: the stopped ones back as they were.
    if (this.alerts.restoreAsked() && s.screen.flow !== 'alerts') return this.alerts.restore(), true;
    if (msg.only('menu')) {
      s.back = [];
      this.suspend(s.screen, false);
      return this.menu('menu.text', false), true;
    }
    if (msg.only('back')) return this.goBack(), true;
    if (msg.only('repeat')) return this.repeat(), true;
    if (this.secretSafety()) return true;
    // "chat sama orang atau mesin?" asks what the bot is; "mau ngomong sama orang" asks for a person.
    if (BOT_QUESTION.test(text) && (!HUMAN_ASK.test(text) || /\b(atau|ato|apa)\b/.test(text))) {
      t.say(this.m.t('bot'));
      this.menu('menu.text', false);
      return true;
    }
    if (VACANCY_CLOSED.test(text) && (s.opened.length || s.search)) return this.feedback(), true;
    // "kabari kalau ada job fair / pelatihan las": an alert of its own kind, not vacancy alerts.
    if (this.programmes.alertAsked()) return true;
    // "laporan saya", "LP-2026-0042 gimana?": the employer's reports.
    if (this.report.statusAsked()) return true;
    // An employer's fee for applicants inside the report form is refused by the form itself.
    const inReport = s.screen.flow === 'service' && s.screen.name === 'report' && asks(s.screen);
    // "bikinin notif buat adek sy, … gudang di cibitung": a new subscription, which the bot makes itself (not a search,
    // not the answer to a question on screen).
    if (((MAKE_ALERT.test(text) && !/\?/.test(msg.original)) || ALERT_ASK.test(text)) && s.screen.flow !== 'alerts' && !this.alerts.question()) return this.leaving(() => this.alerts.request()), true;
    // "hapus chat sy yg ada passwordnya": what was typed is not kept; the chat on the phone is the person's to delete.
    if (CHAT_ERASE.test(text) && !u.explicit.erase) return this.leaving(() => t.say(this.m.t('secret.chat_erase'))), true;
    // Money asked for a job ("harus bayar 2 juta ke orang dalam"): the warning comes before anything the flow on screen would say.
    if (!inReport && this.office.isScam() && MONEY.test(text) && u.intent !== 'report_vacancy' && !u.explicit.erase) return this.leaving(() => this.scam()), true;
    if (this.office.ak1Residence()) return true;
    if (this.office.otherOffice(true)) return true;
    if (this.handoffFlow.isStatusQuestion() && u.intent !== 'feedback') return this.handoffFlow.status(), true;
    if (LEAVE_MESSAGE.test(text) && !t.ctx.staffReachable && !(t.input.handoff && t.input.handoff.status !== 'closed') && !(s.screen.flow === 'handoff' && s.screen.step === 'message')) return this.handoffFlow.askMessage(), true;
    if (msg.only('human') || HUMAN_ASK.test(text)) return this.handoffFlow.start(), true;
    if (msg.only('cancel')) return this.cancel(), true;
    // "lanjut" right after "Ketik lanjut untuk meneruskan ...": what that line named, even when a guide answered the digression.
    if (s.resumeOffered && s.suspended && !s.parked && inGuide(s.screen) && s.suspended.flow !== 'guide' && this.resumeAsked()) return this.resume(), true;
    if (this.listAgain()) return true;
    // A question at a report item ("kantornya dimana") is no answer to it: the office is told, the form waits.
    const inForm = s.screen.flow === 'service' && asks(s.screen) && !(s.screen.name === 'report' && s.screen.step === 'form' && this.report.asideQuestion());
    const errand = /\b(pelamar|kami|interview|wawancara|bawa|syarat\w*|berkas|kartu kuning|ak ?1|siapkerja|karirhub|daftar\w*|bikin|buat|urus|ngurus|lamar\w*|melamar|makasih|terima kasih|bpjs|dukcapil|capil|kota|pos|desa|kelurahan|kecamatan|usah|perlu|harus|kudu|wajib|online|onlen|lewat hp|dari hp)\b/.test(text);
    if ((OFFICE_CONTACT.test(text) || ((OFFICE_WHERE.test(text) || OFFICE_VISIT.test(text)) && !inForm && !errand)) && (/\?/.test(msg.original) || CONTACT_QUESTION.test(text)) && !/\d{5}/.test(msg.original.replace(/\D/g, '')) && !/\b(lapor|laporin|laporkan|lowongan|loker|pt|perusahaan|perusahaannya|hrd|hrdnya|pabrik|pabriknya|cv|toko)\b/.test(text) && !((s.screen.flow === 'details' || s.screen.flow === 'results') && !/\b(disnaker|dinas)\b/.test(text))) {
      return this.leaving(() => this.office.info()), true;
    }
    if (!inGuide(s.screen) && this.resumeAsked()) {
      // "terusin daftarnya", "lanjut ke langkah berikutnya": the guide left, even when another question waits.
      if (s.guide && GUIDE_WORDS.test(text)) {
        if (s.suspended?.flow === 'guide') s.suspended = null;
        return this.guides.resume(), true;
      }
      return this.resume(), true;
    }
    if (!inGuide(s.screen) && s.guide && !asks(s.screen) && s.screen.flow !== 'results' && s.screen.flow !== 'details' && NEXT_ASK.test(text.replace(/\bsudah\b|\budah\b/, '').trim())) return this.guides.resume(), true;
    if (msg.only('more') && (s.screen.flow === 'results' || s.screen.flow === 'details')) return this.search.more(), true;
    if (LINK_WORDS.test(text) && t.input.linkCode) return this.linkCode(t.input.linkCode), true;
    // "mau bikin akun siapkerja tp bingung": the topic named is what to help with; "bingung" alone is confusion.
    const topicNamed = !inGuide(s.screen) && (Boolean(t.u.entities.platform) || Boolean(matchGuide(t.ctx.guides, t.u.words)));
    if ((msg.has('confused') && msg.length <= 25 && !/\?$/.test(msg.original.trim()) && !topicNamed) || msg.only('confused')) return this.confused(), true;
    return false;
  }

  // "balik ke loker tadi", "yg tadi aja": the last vacancy list shown again at the page it was on; a guide left for it
  // keeps its place ("ketik lanjut").
  private listAgain(): boolean {
    const t = this.turn;
    const s = this.state;
    const u = t.u;
    if (!s.search || s.screen.flow === 'results' || s.screen.flow === 'details' || t.msg.ordinal !== null) return false;
    if (u.districtCodes.length || u.ambiguousPlaces.length || u.outsidePlaces.length || u.entities.education) return false;
    // "lanjut" after a question about something else, with nothing else left to go on with: the list it interrupted.
    const resumesList = t.msg.only('resume') && !s.suspended && !s.guide && s.lastSeen?.flow === 'list';
    const named = (LIST_AGAIN.test(t.msg.text) && !u.job) || resumesList;
    // The last search found nothing: the same search again (its place kept), not a new one without it.
    if (!s.search.ids.length) return named ? (this.leaving(() => this.search.fromMessage(s.search!.filters, false)), true) : false;
    if (!named && !THAT_ONE_AGAIN.test(t.msg.text)) return false;
    // The list or the guide, whichever was on screen last.
    const seen = s.lastSeen;
    if (!named && seen?.flow === 'guide' && s.guide) return this.guides.resume(), true;
    if (!named && !seen) return false;
    const offset = seen?.flow === 'list' ? seen.offset : 0;
    this.leaving(() => this.search.showResults(offset < s.search!.ids.length ? offset : 0));
    return true;
  }

  // A password offered ("ini pw nya ya kak biar dibantu") or a question whether a NIK, KTP or password is needed
  // ("nanti petugasnya minta nik?"): said plainly that no one may ask for it in a chat; the question on screen waits.
  private secretSafety(): boolean {
    const t = this.turn;
    const text = t.msg.text;
    if (PASSWORD_OFFER.test(text) && !PASSWORD_TALK.test(text)) {
      const lines = t.input.secrets.password ? [] : [this.m.t('secret.password_offer')];
      lines.push(this.m.t('secret.password_help'));
      t.say(lines.join('\n'));
      const screen = this.state.screen;
      const handler = this.handler(screen);
      if (handler && asks(screen)) handler.redraw(screen as never, 0);
      return true;
    }
    if (idQuestion(text, t.msg.original)) {
      this.leaving(() => t.say([this.m.t('secret.id_question'), this.m.t('secret.id_office')].join('\n')));
      return true;
    }
    return false;
  }

  // "saya tidak mengerti": the first time more simply (how to answer, or the step said plainly); the second, a person.
  private confused(): void {
    const s = this.state;
    s.confused++;
    this.state.facts = { ...s.facts, hard: true };
    if (s.confused >= 2) return this.handoffFlow.offer(this.m.t('handoff.offer_after_confusion'));
    const screen = s.screen;
    if (screen.flow === 'guide' && (screen.part === 'step' || screen.part === 'problems' || screen.part === 'question' || screen.part === 'simple')) {
      const guide = this.guides.guide(screen.id);
      if (guide) return this.guides.simple(guide, Math.max(screen.step, 0));
    }
    const handler = this.handler(screen);
    if (s.choices.length) {
      // How to answer: only the number; then the same options.
      this.turn.say(this.m.t('repair.how_to_answer'));
      if (handler && asks(screen)) return handler.redraw(screen as never, 0);
      return this.repeat();
    }
    this.menu('repair.menu_simple');
  }

  // A bare number or "yang kedua" against the last numbered options.
  private choice(): boolean {
    const t = this.turn;
    const options = t.msg.ordinal === null ? this.namedChoices() : [];
    const named = options.length === 1 && /^\d+$/.test(options[0]!.key) ? Number(options[0]!.key) : null;
    if (options.length > 1) {
      // "lowongan" at the menu: which of the options it names.
      const actions = options.map((c) => ({ label: c.label, action: this.state.choices.find((k) => k.key === c.key)?.action }));
      if (actions.every((a) => a.action && !harmfulAction(a.action))) {
        this.leaving(() => t.show({ flow: 'clarify' }, this.m.t('clarify.which'), actions as Array<{ label: string; action: Action }>));
        return true;
      }
    }
    const n = t.msg.ordinal ?? named;
    if (n === null) return false;
    if (named === null && !t.u.bareNumber && t.u.intent !== 'out_of_scope' && (t.u.districtCodes.length || t.u.job)) return false;
    const picked = this.state.choices.find((c) => c.key === String(n));
    if (!picked) {
      if (!t.u.bareNumber && !/^(yang|yg|no|nomor|nomer|ke)\b/.test(t.msg.text)) return false;
      t.repaired = true;
      if (!this.state.choices.length) return t.say(this.m.t('nav.no_choices')), true;
      this.state.repairs++;
      t.say(this.m.t('nav.bad_choice', { choice: String(n), last: String(this.state.choices.length) }));
      return true;
    }
    // A destructive choice is taken only by its number typed alone, never by "yang pertama" or a number inside a sentence.
    if (harmfulAction(picked.action) && !t.u.bareNumber) {
      const handler = this.handler(this.state.screen);
      t.repaired = true;
      if (handler && asks(this.state.screen)) handler.redraw(this.state.screen as never, 1);
      else t.say(this.m.t('nav.bad_choice', { choice: String(n), last: String(this.state.choices.length) }));
      return true;
    }
    this.act(picked.action);
    return true;
  }

  // "cari kerja", "yang kantor" at numbered options: the options that hold every word of the message (the
  // understanding said it answers them). A question ("langganan aku apa aja?") names none.
  private namedChoices(): Choice[] {
    const t = this.turn;
    // Only when the words were read as this answer and nothing else ("cara daftar siapkerja" starts that guide itself).
    if (t.u.answers !== 'choice' || t.u.source !== 'context' || t.msg.original.includes('?')) return [];
    const words = [...new Set(fold(t.msg.original).split(' ').filter((w) => w && !CHOICE_FILLER.has(w)))];
    if (!words.length || words.length > 3) return [];
    const named = this.state.last.flatMap((r) => r.choices).filter((c) => {
      const label = new Set(fold(c.label).split(' '));
      return words.every((w) => label.has(w));
    });
    return named.length <= 3 ? named : [];
  }

  // Thanks and goodbye: a warm close that stops nothing; what is kept is said.
  private goodbye(): boolean {
    const t = this.turn;
    const msg = t.msg;
    // A guessed "thanks" is not a goodbye ("ga tau" is not "makasih").
    // A long message that ends "terima kasih" is a request with manners, not a goodbye.
    const thanks = t.u.intent === 'thanks' && (t.u.source !== 'classifier' || msg.has('goodbye')) && msg.raw.length <= 12;
    if (!(thanks || msg.only('goodbye') || this.thanksToPerson())) return false;
    const s = this.state;
    const lines: string[] = [];
    const keep = this.alerts.keepNote();
    if (keep) lines.push(keep);
    // "udah itu aja" thanks no one: "Baik", not "Sama-sama".
    const thanked = THANKS.test(msg.text) || /\b(makasih\w*|jazakallah\w*|alhamdulillah)\b/.test(msg.text);
    // An employer is not wished a job: thanked for the report instead.
    const employer = this.employer();
    lines.push(this.m.t(/\b(aamiin|amin|mugi|semoga|insya ?allah|doakan)\b/.test(msg.text) && !employer ? 'courtesy.goodbye_prayer' : /\b(nuhun|hatur)\b/.test(msg.text) && !employer ? 'courtesy.goodbye_sunda' : employer ? (thanked ? 'courtesy.goodbye_employer' : 'courtesy.goodbye_employer_plain') : thanked ? 'courtesy.goodbye' : 'courtesy.goodbye_plain'));
    if (s.guide) {
      const g = this.guides.guide(s.guide.id);
      if (g) lines.push(this.m.t('courtesy.guide_saved', { title: g.title }));
      this.guideReminded = true;
    }
    if (/\b(ke kantor|datang ke|dateng ke|ke disnaker)\b/.test(msg.text)) {
      const visit = this.office.visitLines();
      if (visit.length) lines.push(...visit);
    }
    if (t.input.handoff && t.input.handoff.status !== 'closed') lines.push(this.m.t('courtesy.handoff_kept'));
    // Thanks after a petugas closed the chat: the way back to one (the bot answers again now).
    else if (this.backFromStaff) lines.push(this.m.t('courtesy.handoff_again'));
    else if (this.alerts.visible().some((x) => x.status === 'active') && !keep) lines.push(this.m.t('courtesy.alerts_kept'));
    if (s.screen.flow === 'alerts' && this.alerts.progress(s.screen)) {
      lines.push(this.m.t('courtesy.draft_not_saved'));
      this.suspend(s.screen, false, true);
    } else if (s.screen.flow === 'service' && asks(s.screen)) {
      // A report or another form left half-way: nothing was sent, and "lanjut" brings it back.
      const label = this.handler(s.screen)?.progress(s.screen as never);
      if (label) {
        lines.push(this.m.t('courtesy.unfinished', { what: label }));
        this.suspend(s.screen, false, true);
      }
    }
    const offer = !s.offeredAlerts && s.search?.ids.length && !this.alerts.visible().length && !s.guide && !(t.input.handoff && t.input.handoff.status !== 'closed');
    t.settle();
    if (offer && s.search) {
      s.offeredAlerts = true;
      const f = s.search.filters;
      t.show({ flow: 'other' }, lines.join('\n'), [{ label: this.m.t('courtesy.offer_alerts'), action: { do: 'alerts', go: 'apply', id: 0, changes: { kecamatan: f.kecamatan, education: f.education, keyword: f.keyword } } }], { hint: this.m.t('courtesy.hint') });
      this.state.screen = { flow: 'other' };
    } else t.say(lines.join('\n'));
    return true;
  }

  /** True when the person talks as an employer: a vacancy report is on screen, left for later, or was sent before. */
  private employer(): boolean {
    const isReport = (x: Screen | null | undefined) => x?.flow === 'service' && x.name === 'report';
    return isReport(this.turn.before) || isReport(this.state.screen) || isReport(this.state.suspended) || Boolean(this.turn.input.reports?.length);
  }

  // "makasih bu sari", "nuhun pak", "trimakasih bu, sangat membantu": thanks to a person (a petugas, by name or not) and
  // nothing else; a polite close from any state.
  private thanksToPerson(): boolean {
    const words = this.turn.msg.text.replace(THANKS_ALL, ' ').split(' ').filter(Boolean);
    if (!THANKS.test(this.turn.msg.text) || words.length > 8) return false;
    const staff = new Set(fold(this.turn.input.handoff?.staffName ?? this.state.handoff?.staffName ?? '').split(' '));
    // A name is the one or two words after "bu", "pak", "mas", ...
    return words.every((w, i) => THANKS_REST.has(w) || staff.has(w) || (i > 0 && HONORIFIC.has(words[i - 1]!)) || (i > 1 && HONORIFIC.has(words[i - 2]!) && !THANKS_REST.has(words[i - 1]!)));
  }

  // A clear request of its own: the flow in progress is left (its question kept for "lanjut") and the request answered.
  private intent(): boolean {
    const t = this.turn;
    const u = t.u;
    const s = this.state;
    const pending = asks(s.screen);
    // While a question waits, only a clear other request leaves it (a guessed "menu" or greeting does not).
    const weak = u.source === 'classifier' && (u.intent === 'help_menu' || u.intent === 'greeting' || u.intent === 'thanks');
    const confident = u.source === 'rule' || u.source === 'context' || (u.intent !== 'out_of_scope' && u.score >= 0.5 && !(pending && weak)) || (u.intent !== 'out_of_scope' && !pending);
    // "saya mau nanya buat anak saya baru lulus smk": someone else's schooling or place, and nothing else asked, is a search for them.
    const forOther = FOR_OTHER.exec(t.msg.text)?.[2];
    if (!confident && !pending && forOther && u.intent === 'out_of_scope' && (u.entities.education || u.districtCodes.length || u.ambiguousPlaces.length || LOOKING.test(t.msg.text))) {
      return this.search.fromMessage(NO_FILTERS, true, { label: forOther }), true;
    }
    // A question answered from Pasker's knowledge (the optional assistant) while a question waits: answered, the question kept for "lanjut".
    if (u.intent === 'out_of_scope' && t.input.knowledge && pending && !confident) return this.leaving(() => t.say(t.input.knowledge!.text)), true;
    // "sabtu buka ga?", "jam brp bukanya": the office's hours, from any state.
    if (OFFICE_TIME.test(t.msg.text) && (DAY_OR_HOUR.test(t.msg.text)) && !NOT_OFFICE_TIME.test(t.msg.text) && t.msg.raw.length <= 8 && !((u.intent === 'job_fair' || u.intent === 'training') && u.score >= 0.6)) return this.leaving(() => this.office.info()), true;
    // Another office's errand read surely as out of scope ("bikin ktp bisa disitu?") is named, even while a question waits.
    if (!confident && pending && u.intent === 'out_of_scope' && u.source === 'classifier' && u.score >= 0.5 && /\b(bikin|buat|urus|ngurus|cetak|perpanjang)\b/.test(t.msg.text) && this.office.otherOffice()) return true;
    // "password harus berapa huruf" outside a guide: the rule from the guide that states it, or said to be unknown.
    if (this.guides.ruleAsked() && u.intent !== 'search_vacancies') return this.leaving(() => this.guides.answerRule()), true;
    if (!confident && pending) return false;
    // A matter for the office itself, whatever the intent says.
    // "gmn cara daftar siapkerja, sy di phk bulan lalu": the lay-off is the story, the guide (or training, a job fair) the request.
    const background = this.office.laidOffOnly() && ((u.intent === 'registration_help' && (u.entities.platform !== null || this.guideTopic())) || u.intent === 'training' || u.intent === 'job_fair');
    if (this.office.isLabour() && !background && u.intent !== 'search_vacancies' && u.intent !== 'subscribe' && !this.knewLabour) return this.leaving(() => this.office.labour()), true;
    // "nomor yang nelpon bisa dilaporin?": a report about someone else is for a petugas.
    if (REPORT.test(t.msg.text) && !/\b(lapor|laporkan|melaporkan) (lowongan|loker|lowker)\b/.test(t.msg.text) && (this.state.facts.reported || this.state.facts.scam || this.state.facts.moneyWho || this.office.isScam() || /\b(nelpon|telepon|telpon|nomor|nomer|penipu)\b/.test(t.msg.text))) return this.leaving(() => this.reportToStaff()), true;
    if (this.office.isScam() && MONEY.test(t.msg.text) && u.intent !== 'report_vacancy') return this.leaving(() => this.scam()), true;
    // "tolong cekin akun siapkerja sy", "sy udah terdaftar blm?": the bot cannot see anyone's account; a petugas can help.
    // With a login problem told too ("cekin akun sy, ga bisa login"): said once, then the steps that help.
    if (CHECK_ACCOUNT.test(t.msg.text) && (this.guideTopic() || matchGuide(t.ctx.guides, u.words))) return this.leaving(() => (t.say(this.m.t('cannot_check_account_short')), this.guides.openFor())), true;
    if (CHECK_ACCOUNT.test(t.msg.text)) return this.leaving(() => t.show({ flow: 'other' }, this.m.t('cannot_check_account'), [{ label: this.m.t('repair.human'), action: { do: 'handoff' } }, { label: this.m.t('clarify.guides'), action: { do: 'menu', item: 'guides' } }])), true;
    // A clear guide or help topic ("lupa password, NIK sudah terdaftar", "cara ngelamar di karirhub") goes to the guides whatever the intent says.
    if (u.intent !== 'search_vacancies' && u.intent !== 'registration_help' && this.guideTopic()) return this.leaving(() => this.guides.openFor()), true;
    if (u.intent !== 'search_vacancies' && u.intent !== 'office_info' && this.office.otherOffice(true)) return true;
    if (this.alerts.quietAsked()) return this.leaving(() => this.alerts.quietHours()), true;
    if (this.alerts.question()) return this.leaving(() => undefined), true;
    // A change to alerts said in words ("hapus cibitung, tambah setu") is an edit, never an erasure.
    if (this.alerts.editApplies() || this.alerts.showRequested()) return this.leaving(() => this.alerts.request()), true;
    if (this.suspicion()) return true;
    // "daftarin notif loker dong" asks for alerts, which the bot can make itself.
    if (REGISTER_FOR_ME.test(t.msg.text) && !/\b(notif|notifikasi|langganan|kabar|kabarin|info loker|info lowongan|alert)\w*\b/.test(t.msg.text)) return this.leaving(() => this.cannotRegister()), true;
    if (u.intent === 'out_of_scope') {
      // A long polite message ("mohon maaf mengganggu ... rumah kami di cikarang, apakah ada lowongan pabrik") is a search when it names
      // a place (even one to ask about) and a level, a job or a word for vacancies.
      if ((u.districtCodes.length || u.ambiguousPlaces.length) && (u.job || u.entities.education || SEEK_WORDS.test(t.msg.text))) return this.leaving(() => this.search.fromMessage(NO_FILTERS, true)), true;
      // "ada loker di setu?" while an alert question waits (read against that question first): a search of its own.
      if ((u.districtCodes.length || u.ambiguousPlaces.length || u.job) && searchQuestion(t.msg.original, t.msg.text)) return this.leaving(() => this.search.fromMessage(NO_FILTERS, true)), true;
      if (u.entities.platform || matchGuide(t.ctx.guides, u.words)) return this.leaving(() => this.guides.openFor()), true;
      if (this.office.otherOffice()) return true;
      if (VACANCY_CLOSED.test(t.msg.text) && (s.opened.length || s.search)) return this.feedback(), true;
      if (t.input.knowledge) return this.leaving(() => t.say(t.input.knowledge!.text)), true;
      return false;
    }
    this.leaving(() => this.byIntent(u.intent));
    return true;
  }

  // True when the message names a guide or help topic clearly (three or more of its words, or a platform and two).
  private guideTopic(): boolean {
    const u = this.turn.u;
    const have = new Set(u.words);
    const size = (lists: string[][]) => Math.max(0, ...lists.filter((l) => l.every((w) => have.has(w))).map((l) => l.length));
    let best = 0;
    for (const g of this.turn.ctx.guides.guides) {
      best = Math.max(best, size(g.match));
      for (const b of Object.values(g.branches)) best = Math.max(best, size(b.match));
    }
    const how = /\b(cara|caranya|carana|gimana|gmn|bagaimana|kumaha|langkah|tutorial|panduan)\b/.test(this.turn.msg.text);
    return best >= 3 || (best >= 2 && u.entities.platform !== null) || (u.entities.platform !== null && how);
  }

  // Keeps the question on screen for "lanjut" while another request is answered.
  private leaving(answer: () => void): void {
    this.suspend(this.state.screen, true);
    answer();
  }

  private suspend(screen: Screen, offer: boolean, parked = false): void {
    const handler = this.handler(screen);
    // A guide keeps its own place (state.guide): it does not push out a form or alert question left for it.
    const held = this.state.suspended;
    if (inGuide(screen) && this.state.guide && held && !inGuide(held) && this.handler(held)?.progress(held as never)) {
      if (offer) this.suspendedNow = held;
      return;
    }
    if (handler && asks(screen) && handler.progress(screen as never)) {
      this.state.suspended = screen;
      this.state.parked = parked;
      if (offer) this.suspendedNow = screen;
    }
  }

  private byIntent(intent: Intent): void {
    const t = this.turn;
    const u = t.u;
    const s = this.state;
    switch (intent) {
      case 'greeting':
        if (u.districtCodes.length || u.job || u.entities.education) return this.search.fromMessage(NO_FILTERS, true);
        if (asks(this.turn.before) && s.suspended) return this.resume(this.m.t('courtesy.hello_again'));
        return this.menu(t.replies.length ? 'menu.text' : 'menu.again');
      case 'help_menu':
        return this.menu('menu.text');
      case 'search_vacancies': {
        const forOther = /\b(untuk|buat|utk) (suami|istri|anak|adik|kakak|keponakan)\b/.exec(t.msg.text)?.[2];
        return this.search.fromMessage(forOther ? NO_FILTERS : (s.search?.filters ?? NO_FILTERS), true, forOther ? { label: forOther } : {});
      }
      case 'thanks':
        if (!this.goodbye()) this.notUnderstood();
        return;
      case 'human_handoff':
        if (this.handoffFlow.isStatusQuestion()) return this.handoffFlow.status();
        return this.handoffFlow.start();
      case 'office_info':
        if (this.office.otherOffice()) return;
        if (this.office.isScam()) return this.scam();
        if (/\b(lapor|laporin|dilaporin|laporkan|melaporkan)\b/.test(t.msg.text)) return this.reportToStaff();
        return this.office.info();
      case 'registration_help':
        // "kumaha daftarna" under a list of vacancies: how to apply, which each vacancy's detail tells.
        if ((s.screen.flow === 'results' || s.screen.flow === 'details') && !u.entities.platform && !this.guideTopic() && APPLY.test(t.msg.text) && t.msg.length <= 6) {
          return t.say(this.m.t(s.screen.flow === 'results' ? 'search.apply_hint' : 'search.apply_below'));
        }
        // A guide topic told with another office's word ("akun siapkerja waktu klaim JKP, lupa password") is the guide's.
        if (!this.guideTopic() && this.office.otherOffice()) return;
        this.guides.openFor();
        return;
      case 'report_vacancy':
        // "bikin ktp bisa disitu?" is a matter of another office, not an employer.
        if (this.office.otherOffice()) return;
        return this.report.start();
      case 'job_fair':
        return this.programmes.jobFair();
      case 'training':
        return this.programmes.trainingRequest();
      case 'feedback':
        return this.feedback();
      case 'delete_my_data':
        return this.erase.ask();
      case 'subscribe':
        // "kl di karawang ada ga min?": a guess of alerts without any word for them is a search question.
        if (u.source === 'classifier' && !ALERT_WORDS.test(t.msg.text) && (/\b(ada|ono)\b/.test(t.msg.text) || u.districtCodes.length || u.ambiguousPlaces.length || u.entities.education || u.job)) return this.search.fromMessage(s.search?.filters ?? NO_FILTERS, true);
        // "terus gimana?": a guess of alerts with no word for them and nothing to filter by is not a request for alerts.
        if (u.source === 'classifier' && !ALERT_WORDS.test(t.msg.text) && !/\b(langganan|berlangganan|subscribe)\b/.test(t.msg.text)) {
          if (matchGuide(t.ctx.guides, u.words) && this.guides.openFor()) return;
          // "kalo mau daftar gimana caranya": the guess of alerts is set aside; a close second reading is taken.
          const second = u.alternatives[1];
          if (second && second.score >= 0.35 && !['subscribe', 'unsubscribe', 'delete_my_data', 'out_of_scope'].includes(second.intent)) return this.byIntent(second.intent);
          return this.notUnderstood();
        }
        return this.alerts.request();
      case 'unsubscribe':
        if (PAUSE.test(t.msg.text)) return this.alerts.pause(false);
        // Only explicit stop words stop; a guess asks (suspicion) or, with nothing to stop, says so.
        if (t.u.explicit.stop) return this.alerts.stop();
        if (this.alerts.visible().length && this.suspicion()) return;
        if (this.alerts.explainStopped()) return;
        return t.say(this.m.t('alerts.not_subscribed_nothing_sent'));
      case 'out_of_scope':
        return this.notUnderstood();
      default:
        return assertNever(intent);
    }
  }

  // The understanding only suspects a stop or an erasure: the two likeliest meanings as numbered choices, the destructive one last.
  private suspicion(): boolean {
    const t = this.turn;
    const u = t.u;
    if (u.explicit.stop || u.explicit.erase) return false;
    const destructive = (i: Intent) => i === 'unsubscribe' || i === 'delete_my_data';
    const first = u.alternatives[0];
    const suspect = destructive(u.intent) ? u.intent : first && destructive(first.intent) && first.score >= 0.5 ? first.intent : null;
    if (!suspect || (suspect === 'unsubscribe' && !this.alerts.visible().length)) return false;
    // "kalo mau berhenti gmn": how, answered; nothing is stopped.
    if (suspect === 'unsubscribe' && /\b(gimana|gmn|gmna|bagaimana|caranya|cara)\b/.test(t.msg.text)) return this.leaving(() => t.say(this.m.t('alerts.how_to_stop'))), true;
    const meaning = (i: Intent): { label: string; action: Action } | null => {
      switch (i) {
        case 'human_handoff':
          return { label: this.m.t('clarify.human'), action: { do: 'handoff' } };
        case 'search_vacancies':
          return { label: this.m.t('clarify.search'), action: { do: 'menu', item: 'search' } };
        case 'registration_help':
          return { label: this.m.t('clarify.guides'), action: { do: 'menu', item: 'guides' } };
        case 'subscribe':
          return { label: this.m.t('clarify.alerts'), action: { do: 'menu', item: 'alerts' } };
        case 'office_info':
          return { label: this.m.t('clarify.office'), action: { do: 'menu', item: 'office' } };
        case 'unsubscribe':
          return { label: this.m.t('clarify.stop'), action: { do: 'alerts', go: 'stop_all' } };
        case 'delete_my_data':
          // Erasing is never one tap away on a guess: this leads to the erase question, which asks again.
          return { label: this.m.t('clarify.erase'), action: { do: 'erase_ask' } };
        default:
          return null;
      }
    };
    const other = u.alternatives.map((a) => a.intent).find((i) => !destructive(i) && meaning(i));
    const options = [meaning(other ?? 'human_handoff')!, meaning(suspect)!];
    this.leaving(() => t.show({ flow: 'clarify' }, this.m.t('clarify.which'), options));
    return true;
  }

  // "haha", "lagi apa?": a friendly word, then the question waiting or the menu. "ga tau" at a question: asked more plainly.
  private smallTalk(): boolean {
    const t = this.turn;
    const pending = asks(this.state.screen);
    if (t.msg.only('unknown')) {
      if (!pending) return this.menu('menu.text'), true;
      return this.notUnderstood(), true;
    }
    if (!t.msg.only('chitchat')) return false;
    const chitchat = this.m.t('courtesy.chitchat');
    // A second one in a row gets one short line, not the menu again.
    if (this.state.last[0]?.text.startsWith(chitchat)) return t.say(this.m.t('courtesy.chitchat_again')), true;
    t.say(chitchat);
    const handler = this.handler(this.state.screen);
    if (handler && pending) handler.redraw(this.state.screen as never, 0);
    else this.menu('menu.text', false);
    return true;
  }

  // Nothing fits: the pending question again, plainer each time; with no question, the menu, then a person.
  private notUnderstood(): void {
    const t = this.turn;
    const s = this.state;
    t.count('unanswered');
    t.note('unanswered', t.msg.original.slice(0, 500));
    const screen = s.screen;
    const handler = this.handler(screen);
    if (handler && asks(screen)) {
      s.repairs++;
      const level = Math.min(s.repairs, 2);
      t.repaired = true;
      handler.redraw(screen as never, level);
      this.state.repairs = s.repairs > 2 ? 2 : s.repairs;
      return;
    }
    // While a petugas is awaited, a question the bot cannot answer is for them: said so, never the menu again.
    if (t.input.handoff && t.input.handoff.status !== 'closed' && t.msg.raw.length >= 3) return t.say(this.m.t('handoff.question_waiting'));
    s.misses++;
    t.repaired = true;
    if (s.misses >= 3) return this.handoffFlow.offer(this.m.t('repair.cannot_help'));
    this.menu(s.misses === 1 ? 'out_of_scope' : 'repair.out_of_scope_again', true, s.misses >= 2);
  }

  // --- what choices do ------------------------------------------------------

  act(action: Action): void {
    const t = this.turn;
    switch (action.do) {
      case 'menu':
        return this.menuItem(action.item);
      case 'open':
        return this.search.open(action.id, action.index);
      case 'places': {
        // Picked from a "Cikarang" list: added to the places the message named clearly.
        const s = this.state.screen;
        const pending = s.flow === 'search' ? s.pending : (this.state.search?.filters ?? NO_FILTERS);
        const kept = s.flow === 'search' && s.ask === 'pick' ? pending.kecamatan : [];
        if (!action.codes.length && s.flow === 'search' && s.ask === 'bekasi') return t.show({ flow: 'search', ask: 'district', pending }, this.m.t('search.ask_district'), []);
        return this.search.search({ ...pending, kecamatan: [...new Set([...kept, ...action.codes])] }, { everywhere: true });
      }
      case 'city': {
        const s = this.state.screen;
        return this.search.cityOutside(s.flow === 'search' ? s.pending : NO_FILTERS, 'kota bekasi');
      }
      case 'education': {
        t.effect({ type: 'profile', education: action.level });
        const s = this.state.screen;
        const pending = s.flow === 'search' ? s.pending : (this.state.search?.filters ?? NO_FILTERS);
        return this.search.search({ ...pending, education: action.level }, { everywhere: !pending.kecamatan.length });
      }
      case 'search':
        return this.search.search(action.filters, { everywhere: !action.filters.kecamatan.length });
      case 'guide':
        return this.guides.act(action);
      case 'alerts':
        return this.alerts.act(action);
      case 'handoff':
        return this.handoffFlow.start();
      case 'visit':
        return this.office.visit();
      case 'leave_message':
        return this.handoffFlow.askMessage();
      case 'erase':
        return this.erase.erase();
      case 'erase_ask':
        return this.erase.ask();
      case 'keep':
        return this.erase.keep();
      case 'resume':
        return this.resume();
      case 'home':
        return this.menu();
      case 'service':
        if (action.move.go.startsWith('report_')) return this.report.act(action.move, this.state.screen);
        if (action.move.go.startsWith('event_') || action.move.go.startsWith('training_')) return this.programmes.act(action.move);
        return this.menu();
      default:
        return assertNever(action);
    }
  }

  // --- menu, navigation ------------------------------------------------------

  /** The main menu; a guide in progress is named with how to continue it. */
  menu(intro: 'menu.text' | 'menu.again' | 'out_of_scope' | 'repair.out_of_scope_again' | 'repair.menu_simple' = 'menu.text', remember = true, human = false): void {
    const text = this.m.t(intro);
    const items: MenuItem[] = ['search', 'guides', 'alerts', 'office', 'human'];
    const choices: Array<{ label: string; action: Action }> = items.map((item) => ({ label: this.m.t(`menu.${item}`), action: { do: 'menu', item } }));
    const reminder = this.guides.reminder();
    // The intro ends "balas angkanya:", so what else there is to say comes before it.
    const before = [reminder, human ? this.m.t('repair.human_hint') : null].filter(Boolean);
    this.turn.show({ flow: 'menu' }, [...before, text].join('\n'), choices, { remember });
  }

  private menuItem(item: MenuItem): void {
    switch (item) {
      case 'search':
        return this.search.begin();
      case 'guides':
        return this.guides.list();
      case 'alerts':
        return this.alerts.menu();
      case 'office':
        return this.office.info();
      case 'human':
        return this.handoffFlow.start();
      default:
        return assertNever(item);
    }
  }

  /** Hands the conversation to staff. */
  handoff(): void {
    this.handoffFlow.start();
  }

  /** After erasure: a new conversation that knows nothing. */
  reset(): void {
    this.turn.state = { ...initialState(), welcomed: true };
  }

  private goBack(): void {
    const current = this.state.screen;
    if (current.flow === 'guide') return this.guides.back(current);
    const previous = this.state.back.pop();
    if (!previous) {
      if (current.flow === 'menu') return this.turn.say(this.m.t('nav.nothing_back'));
      return this.menu('menu.text', false);
    }
    this.state.screen = { flow: 'other' };
    this.redraw(previous, 0);
  }

  // "ulang", "apa tadi?": the last message again, as it was.
  private repeat(): void {
    const last = this.state.last;
    this.repeated = true;
    if (!last?.length) return this.menu();
    // The question with its choices, not the greeting or welcome said before it.
    const asked = [...last].reverse().find((r) => r.choices.length);
    for (const r of asked ? [asked] : last) this.turn.replies.push({ ...r, choices: [...r.choices] });
    this.turn.handled = true;
  }

  // "lanjut", "lanjut yg tadi", "terusin daftarnya": only a word for going on and words for what was left.
  private resumeAsked(): boolean {
    const msg = this.turn.msg;
    if (msg.only('resume')) return true;
    if (!msg.has('resume')) return false;
    if (/\?/.test(msg.original) || msg.raw.length > 8) return false;
    const left = msg.without('resume');
    return left.every((w) => RESUME_REST.has(w));
  }

  // "lanjut": the question the person left, or the guide in progress.
  private resume(intro?: string): void {
    const s = this.state;
    const suspended = s.suspended;
    // What is resumed now is on screen: no "Ketik lanjut" for it at the end of this turn.
    this.suspendedNow = null;
    if (intro) this.turn.say(intro);
    if (suspended) {
      s.suspended = null;
      s.parked = false;
      if (suspended.flow === 'guide' && s.guide) return this.guides.resume();
      // The question comes back alone: a "Ketik lanjut" for the guide too would give "lanjut" two meanings.
      this.guideReminded = true;
      return this.redraw(suspended, 0);
    }
    // "lanjut" while the question is on screen (after "bayar ga?" was answered): the same question, with what was answered kept.
    const handler = this.handler(s.screen);
    if (handler && asks(s.screen) && handler.progress(s.screen as never)) return (this.guideReminded = true), handler.redraw(s.screen as never, 0);
    if (s.guide) return this.guides.resume();
    if (s.screen.flow === 'results' || s.screen.flow === 'details') return this.search.more();
    this.turn.say(this.m.t('guide.nothing_to_resume'));
  }

  /** A question left for a digression, back on screen as it was ("langganan" again after a question about job fairs). */
  takeBack(screen: Screen): void {
    this.guideReminded = true;
    this.suspendedNow = null;
    this.state.suspended = null;
    this.state.parked = false;
    this.redraw(screen, 0);
  }

  // "ga jadi", "batal": the current flow ends, saying what was kept.
  private cancel(): void {
    const s = this.state;
    const screen = s.screen;
    const t = this.turn;
    s.suspended = null;
    if (screen.flow === 'erase') return this.erase.keep();
    if (screen.flow === 'service' && screen.name === 'report' && asks(screen)) return this.report.cancel();
    // A change to a subscription called off leaves it as it was; only a new one is "not saved".
    const editing = screen.flow === 'alerts' && (screen.draft.id !== undefined || this.alerts.visible().some((x) => x.status === 'active'));
    const key = screen.flow === 'alerts' && asks(screen) ? (editing ? 'cancel.alerts_edit' : 'cancel.alerts') : inGuide(screen) ? 'cancel.guide' : screen.flow === 'search' ? 'cancel.search' : 'cancel.nothing';
    t.settle();
    t.say(this.m.t(key));
    this.menu('menu.text', false);
  }

  private redraw(screen: Screen, level: number): void {
    const handler = this.handler(screen);
    if (handler) return handler.redraw(screen as never, level);
    this.menu('menu.text', false);
  }

  /** The flow that owns a screen; null for the menu and screens without a question. */
  handler(screen: Screen): FlowHandler | null {
    switch (screen.flow) {
      case 'search':
      case 'results':
      case 'details':
      case 'none':
        return this.search as FlowHandler;
      case 'guide':
      case 'guides':
        return this.guides as FlowHandler;
      case 'alerts':
        return this.alerts as FlowHandler;
      case 'erase':
        return this.erase as FlowHandler;
      case 'handoff':
        return this.handoffFlow as FlowHandler;
      case 'service':
        if (screen.name === 'report') return this.report as unknown as FlowHandler;
        if (screen.name === 'events' || screen.name === 'training') return this.programmes as unknown as FlowHandler;
        return null;
      case 'menu':
      case 'other':
      case 'clarify':
        return null;
      default:
        return assertNever(screen);
    }
  }

  // --- a few requests of their own -------------------------------------------

  private feedback(): void {
    const t = this.turn;
    const closed = VACANCY_CLOSED.test(t.msg.text);
    t.effect({ type: 'feedback', detail: t.msg.original.slice(0, 500) });
    t.note(closed ? 'vacancy_closed' : 'feedback', t.msg.original.slice(0, 500));
    // "kabar lokernya kebanyakan, bisa dikurangin ga": noted, and the alerts are there to change (fewer, once a day, a pause).
    if (!closed && TOO_MANY.test(t.msg.text) && this.alerts.visible().some((x) => x.status === 'active')) return this.alerts.list(this.m.t('feedback_too_many'));
    const lines = [this.m.t(closed ? 'feedback_closed' : 'feedback')];
    const h = t.input.handoff;
    if (h && h.status !== 'closed') lines.push(this.m.t('handoff.still_waiting_short'));
    t.settle();
    t.say(lines.join('\n'));
  }

  // Money asked for a job or training: the warning, and what can be done next (search, a petugas).
  private scam(): void {
    const u = this.turn.u;
    const options: Array<{ label: string; action: Action }> = [];
    if (u.districtCodes.length || u.entities.education) {
      // The job the message names is the one offered for money: only the person's place and schooling are searched.
      const filters = { kecamatan: u.districtCodes, education: u.entities.education, keyword: null };
      options.push({ label: this.m.t('scam.search_choice', { what: describeFilters(filters, this.turn.ctx.region, this.m).trim() }), action: { do: 'search', filters } });
    }
    this.warnedMoney = true;
    this.office.scam(options);
  }

  // Money paid to a scammer, or asked back: the bot cannot promise it back; what to keep, and a petugas.
  private scamPaid(): void {
    const t = this.turn;
    t.note('scam', t.msg.original.slice(0, 500));
    this.warnedMoney = true;
    const again = Boolean(this.state.facts.scamAdvised);
    this.state.facts = { ...this.state.facts, scamAdvised: true };
    t.show({ flow: 'handoff', step: 'offer' }, this.m.t(again ? 'scam.paid_again' : 'scam.paid'), [{ label: this.m.t('scam.report_choice'), action: { do: 'handoff' } }]);
  }

  // "tolong didaftarkan saja": the bot cannot register anyone; it can guide step by step, or a petugas helps.
  private cannotRegister(): void {
    const t = this.turn;
    const platform: string | null = t.u.entities.platform ?? t.state.facts.topics?.at(-1) ?? null;
    const guide = (platform && t.ctx.guides.guides.find((g) => g.platform === platform)) || t.ctx.guides.guides[0];
    const choices: Array<{ label: string; action: Action }> = [];
    if (guide) choices.push({ label: this.m.t('guide.start_named', { title: guide.title }), action: { do: 'guide', go: 'open', id: guide.id } });
    choices.push({ label: this.m.t('handoff.offer_chat'), action: { do: 'handoff' } });
    t.show({ flow: 'handoff', step: 'offer' }, this.m.t('cannot_register'), choices);
  }

  // "bisa dilaporin ga?": a petugas is offered for it.
  private reportToStaff(): void {
    this.turn.show({ flow: 'handoff', step: 'offer' }, [this.m.t('report_to_staff'), this.m.t('money')].join('\n'), [{ label: this.m.t('handoff.offer_chat'), action: { do: 'handoff' } }]);
    this.warnedMoney = true;
  }

  // --- linking channels ------------------------------------------------------

  private linkCode(code: string): void {
    const other = this.turn.channel === 'telegram' ? 'WhatsApp' : 'Telegram';
    this.turn.effect({ type: 'link_code', code });
    this.turn.say(this.m.t('alerts.link_code', { other, code }));
  }

}

/** True for a short question whether a NIK, a KTP (photo) or a password must be given ("perlu kirim ktp ga?"). */
function idQuestion(text: string, original: string): boolean {
  // "password harus berapa huruf?" asks a rule of the form, not whether a password must be given.
  if (/\b(berapa|brp|huruf|karakter|digit|minimal|maksimal|simbol)\b/.test(text)) return false;
  return ID_ASK.test(text) && !/\b(aja|saja|kesini|ke sini|biar)\b/.test(text) && (/\?/.test(original) || ID_ASK_QUESTION.test(text)) && text.split(' ').length <= 12 && !/\b(lupa|ditolak|salah|terdaftar|dipakai|ga bisa|gak bisa|tidak bisa|error)\b/.test(text);
}

/** True for a screen that waits for an answer (a question with options or free text). */
export function asks(s: Screen): boolean {
  switch (s.flow) {
    case 'search':
    case 'erase':
    case 'clarify':
      return true;
    case 'alerts':
      return s.step !== 'offer_restore';
    case 'guide':
      return s.part !== 'done';
    case 'handoff':
      return s.step === 'offer' || s.step === 'message';
    case 'none':
    case 'guides':
      return true;
    case 'service':
      return s.step !== 'sent' && s.step !== 'details' && s.step !== 'list';
    case 'results':
    case 'details':
    case 'menu':
    case 'other':
      return false;
    default:
      return assertNever(s);
  }
}

/** Shorthand for tests and channels: the replies' texts. */
export function texts(replies: Reply[]): string[] {
  return replies.map((r) => r.text);
}

const NOT_JOB_WORDS = new Set(['kerjanya', 'kerjaannya', 'kerjaan', 'pekerjaan', 'pekerjaannya', 'sama', 'bagian', 'bagiannya', 'posisi', 'posisinya', 'sekarang', 'skrg', 'skg', 'dulu', 'lagi', 'lg', 'aja', 'saja', 'kemarin', 'kmrn', 'tadi', 'td', 'nanti', 'juga', 'jg', 'udah', 'sudah', 'udh', 'kirim', 'kirimnya', 'dikirim', 'tiap', 'setiap', 'pagi', 'siang', 'sore', 'malam', 'harian', 'langsung', 'dong', 'ya', 'kak', 'min', 'nih', 'sih', 'deh', 'kuliah']);

// The job in a message as the person meant it: "sy maunya admin" is the job admin (not "min"), the words around
// a job ("satpam pabrik sekarang") are not the job, and "lulusan smk perkantoran", "d3 akuntansi" name a field of study.
function jobInContext(u: Understanding, text: string): Understanding {
  // "kok ga ada yg admin? sy maunya admin": admin the job, not the person called "min".
  if (/\b(yg|yang|maunya|mau jadi|bagian|posisi|loker|lowongan|kerja|kerjaan|jadi|lowker) (admin|administrasi)\b/.test(text.toLowerCase()) && (u.intent === 'human_handoff' || !u.job)) {
    return { ...u, intent: u.intent === 'human_handoff' ? 'search_vacancies' : u.intent, job: u.job ?? 'admin', entities: { ...u.entities, keyword: u.entities.keyword ?? 'admin' } };
  }
  if (!u.job) return u;
  // "satpam pabrik sekarang", "operator produksi kirim": words of the sentence around the job are not the job.
  const kept = u.job.split(' ').filter((w) => !NOT_JOB_WORDS.has(w));
  if (kept.length !== u.job.split(' ').length) {
    const job = kept.join(' ') || null;
    u = { ...u, job, entities: { ...u.entities, keyword: job } };
    if (!job) return u;
  }
  const first = u.job!.split(' ')[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const folded = text.toLowerCase();
  const major = new RegExp(`\\b(jurusan|jur|prodi|program studi)\\s+${first}\\b|\\b(smk|stm|sma|ma|mak|d1|d2|d3|d4|s1|s2|sarjana|diploma)\\s+(jurusan\\s+)?${first}\\b`).test(folded);
  if (!major || /\b(kerja|kerjaan|bagian|posisi|jadi|sebagai|loker|lowongan)\s+\S*\s*$/.test(folded.split(first)[0] ?? '')) return u;
  return { ...u, job: null, entities: { ...u.entities, keyword: null } };
}
