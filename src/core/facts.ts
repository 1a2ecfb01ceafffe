// What a person tells about themselves, kept as short facts (never their raw
// words) so that a hand-over summary lets staff help without asking again:
// for whom, age, schooling, place, how long without work, money asked for,
// problems met, the phone they have.

import type { Understanding } from '../nlu/types.ts';
import type { Facts } from './types.ts';

const FOR_WHOM: Array<[RegExp, string]> = [
  [/\banak (saya|sy|aku|ku|kami|gw|aye|abdi)\b|\banak ?ku\b|\banak laki|\banak perempuan|\banak saya\b/, 'anak'],
  [/\bsuami (saya|sy|aku|ku|gw|aye)\b|\bsuamiku\b|\bbuat suami\b|\buntuk suami\b|\bpunya suami\b/, 'suami'],
  [/\bistri (saya|sy|aku|ku|gw|aye)\b|\bistriku\b|\bbuat istri\b|\buntuk istri\b/, 'istri'],
  [/\b(adik|adek|ade) (saya|sy|aku|ku|gw|aye|abdi)\b|\b(adikku|adekku)\b|\b(buat|untuk|utk) (adik|adek)\b/, 'adik'],
  [/\bkakak (saya|sy|aku|ku)\b/, 'kakak'],
  [/\b(keponakan|ponakan)\b/, 'keponakan'],
];

const LABOUR: Array<[RegExp, string]> = [
  [/\bphk\b|\bdi ?phk\b|\bdipecat\b/, 'kena PHK'],
  [/\bsepihak\b/, 'sepihak'],
  [/\bpesangon\b/, 'pesangon belum dibayar'],
  [/\b(gaji|upah)\b.*\b(belum|tidak|ga|gak|kagak|blm) ?(dibayar|dibayarkan|cair)|\b(belum|tidak|ga|gak) (dibayar|digaji)\b|\b(gaji|upah|gajian)\w*\b.{0,25}\b(telat|terlambat|ditahan|nunggak|macet|molor)\b/, 'gaji/upah belum dibayar'],
  [/\bbpjs\w*\b.{0,25}\b(nunggak|menunggak|tidak dibayar|ga dibayar|belum dibayar|mati|tidak aktif|ga aktif|telat)\b/, 'iuran BPJS menunggak'],
  [/\b(dipotong|potongan) (gaji|upah)\b|\b(gaji|upah)\w* (dipotong|di bawah umk|dibawah umk|kurang dari umk)\b/, 'gaji dipotong / di bawah UMK'],
  [/\bkontrak\b.*\b(diputus|putus|habis|abis)\b/, 'kontrak habis/diputus'],
  [/\bthr\b/, 'THR'],
];

const PROBLEMS: Array<[RegExp, string]> = [
  [/\blupa (password|pasword|sandi|kata sandi|pw|passwod|pasword)\w*/, 'lupa kata sandi'],
  [/\b(nomor|no|nomer) (hp )?(yang |yg )?(lama|dulu)\b.*\b(tidak|ga|gak|sudah tidak|udah ga|mati|hilang)|\bhp(nya)? hilang\b|\bnomor (hp )?(sudah |udah )?(mati|tidak aktif|ga aktif|hangus)\b/, 'nomor HP lama tidak aktif'],
  [/\bnik (sudah|udah|udh|sdh) terdaftar\b|\bsudah terdaftar\b/, '"NIK sudah terdaftar"'],
  [/\bnik\b.*\b(ditolak|tidak sesuai|ga sesuai|tidak cocok|ga cocok)\b/, 'NIK ditolak / tidak sesuai Dukcapil'],
  [/\b(otp|kode)\b.*\b(tidak|ga|gak|gk|belum|blm) (masuk|dateng|datang|muncul)/, 'kode OTP tidak masuk'],
  [/\bemail\b.*\b(tidak|ga|gak|belum) (punya|ada)|\b(tidak|ga|gak|belum) punya email\b/, 'belum punya email'],
  [/\bfoto\b.*\b(besar|gede|kegedean|gagal|tidak bisa|ga bisa)/, 'foto tidak bisa diunggah'],
  [/\bijazah\b.*\b(tidak bisa|ga bisa|gagal|upload)/, 'ijazah tidak bisa diunggah'],
  [/\bktp\b.*\b(patah|rusak|hilang)/, 'KTP rusak/hilang'],
];

const MONEY = /\b(?:rp\.? ?)?(\d+(?:[.,]\d+)?) ?(juta|jt|ribu|rb|k)\b/;
const MONEY_WHO: Array<[RegExp, string]> = [
  [/\byayasan\b/, 'yayasan'], [/\bcalo\b/, 'calo'], [/\b(nelpon|menelepon|telepon|telpon|nelfon)\b/, 'penelepon'], [/\bfb|facebook|ig|instagram|tiktok\b/, 'tawaran di media sosial'],
  [/\bperusahaan|pabrik|hrd\b/, 'perusahaan'], [/\borang\b/, 'seseorang'],
];

function add(list: string[] | undefined, item: string): string[] {
  return list?.includes(item) ? list : [...(list ?? []), item].slice(-6);
}

/**
 * The facts in one message, merged into what was known. `text` is folded;
 * `original` is the message as typed (already redacted), for amounts and numbers.
 */
export function learnFacts(known: Facts, text: string, original: string, u: Understanding): Facts {
  const f: Facts = { ...known };
  const typed = original.toLowerCase();
  for (const [re, who] of FOR_WHOM) if (re.test(text)) f.forWhom = who;
  const age = /\b(?:umur|usia|umurnya|usianya)\s*(\d{2})\b|\b(\d{2}) ?(?:th|thn|tahun)\b(?! ?(?:kerja|pengalaman))/.exec(text);
  const ageValue = age ? Number(age[1] ?? age[2]) : null;
  if (ageValue && ageValue >= 14 && ageValue <= 70 && !/\b(20\d\d)\b/.test(age![0])) f.age = ageValue;
  if (u.entities.education) f.education = u.entities.education;
  if (u.districtCodes.length) f.kecamatan = u.districtCodes;
  const jobless = /\b(setahun|dua tahun|\d+ (?:bulan|bln|tahun|thn|th))\b[^.]{0,20}\b(nganggur|menganggur|tidak kerja|ga kerja|gak kerja|belum kerja)\b|\b(nganggur|menganggur)\b[^.]{0,12}\b(setahun|\d+ (?:bulan|bln|tahun|thn|th))\b/.exec(text);
  if (jobless) f.jobless = jobless[1] ?? jobless[4];
  const money = MONEY.exec(typed);
  if (money && /\b(bayar|biaya|uang|transfer|tf|minta|setor|admin|administrasi|seragam)\b/.test(text)) {
    const unit = /^(juta|jt)$/.test(money[2]!) ? 'juta' : 'ribu';
    f.money = `Rp${money[1]!.replace('.', ',')} ${unit}`;
    for (const [re, who] of MONEY_WHO) if (re.test(text)) {
      f.moneyWho = who;
      break;
    }
  }
  // A caller's number reported by the person (not a secret; the person's own number is never in the text).
  const phone = /(?<![\d])(0[1-9](?:[ -]?\d){7,12})(?![\d])/.exec(typed);
  // An employer's contact in a vacancy report ("lapor lowongan kasir ..., Bu Ani 0812...") is not a caller reported.
  if (phone && /\b(nelpon|telepon|telpon|nomor|nomer|no|wa|sms|lapor|dilaporin|laporkan)\b/.test(text) && !/\b(lowongan|loker|lowker|lamaran|melamar)\b/.test(text)) f.reported = phone[1];
  for (const [re, label] of PROBLEMS) if (re.test(text)) f.problems = add(f.problems, label);
  for (const [re, label] of LABOUR) if (re.test(text)) f.labour = add(f.labour, label);
  const since = /\b(?:udh|udah|sudah|sdh)? ?(\d+|se) ?(bulan|bln|minggu|tahun|thn)\b/.exec(text);
  if (since && f.labour?.length && /\b(pesangon|gaji|upah|thr|dibayar)\b/.test(text)) f.labourFor = `${since[1] === 'se' ? 'satu' : since[1]} ${since[2]!.startsWith('b') ? 'bulan' : since[2]!.startsWith('m') ? 'minggu' : 'tahun'}`;
  if (/\b(ngaku|mengaku|katanya dari|atas nama)\b.*\b(disnaker|dinas|pemerintah|kemnaker|hrd|perusahaan)\b/.test(text)) f.scam = /disnaker|dinas/.test(text) ? 'mengaku dari Disnaker' : 'mengaku dari perusahaan/instansi';
  // "dulu 10 tahun jadi satpam pabrik", "pengalaman QC 5thn": experience as said.
  const years = /\b(\d{1,2}|se|dua|tiga|empat|lima) ?(tahun|thn|th|bulan|bln)\b.{0,12}\b(?:jadi|sebagai|bagian|di bagian|kerja di|kerja jadi)\b ([a-z]+(?: (?!pabrik|sekarang|skrg|dulu|tapi|tp|dan)[a-z]+)?)/.exec(text)
    ?? /\bpengalaman(?: kerja)? ([a-z]+(?: [a-z]+)?) (\d{1,2}) ?(tahun|thn|th)\b/.exec(text);
  if (years) f.experience = years[0].startsWith('pengalaman') ? `${years[2]} tahun ${years[1]}` : `${years[1]} ${years[2]!.startsWith('b') ? 'bulan' : 'tahun'} sebagai ${years[3]}`;
  if (/\b(kerja|kerjaan|pekerjaan) (apa|apapun|apa pun) ?(aja|saja|juga)?\b.{0,20}\b(mau|boleh|gpp|siap)\b|\byang penting (kerja|halal)\b|\byg penting (kerja|halal)\b/.test(text)) f.anyJob = true;
  // "jgn sampe perusahaan tau nama sy": the person asks to stay anonymous to the employer.
  if (/\b(jangan|jgn|jgn sampe|jangan sampai|jangan sampe)\b.{0,25}\b(perusahaan|pabrik|hrd|atasan|bos|mandor)\b.{0,15}\b(tau|tahu|tahunya)\b|\b(rahasiakan|dirahasiakan|rahasia) (nama|identitas)\b/.test(text)) f.anonymous = true;
  if (u.entities.platform) f.topics = add(f.topics, u.entities.platform);
  if (/\bhp\b.*\b(rusak|kurang bagus|jelek|tidak ada|ga ada|hilang|jadul|mati)\b|\b(tidak|ga|gak) punya hp\b|\bhpnya rusak\b/.test(text)) f.device = true;
  if (/\b(tidak|ga|gak|kurang|belum) (ngerti|mengerti|paham)\b|\bbingung\b/.test(text)) f.hard = true;
  // "sy perempuan", "saya ibu rumah tangga", "aku cowok": the person's own (not someone they ask for).
  if (/\b(saya|sy|aku|aq|gw|gue|abdi) (ini )?(seorang )?(perempuan|cewek|cewe|wanita|ibu rumah tangga|irt)\b/.test(text)) f.gender = 'P';
  else if (/\b(saya|sy|aku|aq|gw|gue|abdi) (ini )?(seorang )?(laki laki|laki|cowok|cowo|pria)\b/.test(text)) f.gender = 'L';
  // "loker buat ibu2 di setu", "ada kerjaan untuk cewek?": what she asks for is work a woman may take.
  else if (/\b(loker|lowongan|kerja|kerjaan|pekerjaan)\b.{0,12}\b(buat|untuk|utk|bwt)( kami| kita)? (ibu ibu|ibu2|emak emak|emak2|cewek|cewe|perempuan|wanita)\b/.test(text)) f.gender = 'P';
  const year = /\b(?:tahun|thn|th)? ?(20[12]\d)\b/.exec(text);
  if (year && /\b(akun|daftar|bikin|buat|pernah)\b/.test(text)) f.since = year[1];
  return f;
}
