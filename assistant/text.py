"""Indonesian and English language resources, in one place: month and day names, stopwords, the
tokenisers, sentence splitting and the crude stemmer used by chunking, BM25, dates and answer phrases.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
# Old spellings and abbreviations seen in KPU releases ("Pebruari", "Nop", "12 Agt 2024").
_MONTH_VARIANTS = {
    "jan": 1, "feb": 2, "pebruari": 2, "peb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8, "agt": 8, "ags": 8,
    "agus": 8, "aug": 8, "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "nop": 11, "nopember": 11, "des": 12,
    "dec": 12,
}
MONTH_NUMBERS: dict[str, int] = {
    **{name.lower(): n for names in MONTH_NAMES.values() for n, name in enumerate(names, start=1)},
    **_MONTH_VARIANTS,
}
# "Agus" is also a common given name: only the release-date parser, which wants a day before it and a
# year after it, reads it as August; in answer phrases it stays a name.
MONTH_WORDS = frozenset(MONTH_NUMBERS) - {"agus"}
DAY_WORDS = frozenset(
    "senin selasa rabu kamis jumat jum'at sabtu minggu monday tuesday wednesday thursday friday saturday sunday".split()
)
# The words a region's name starts with ("Kabupaten Agam", "Desa Sukamaju"): places in answers, and the
# nouns of questions that ask for a place ("kecamatan mana").
REGION_WORDS = frozenset("kabupaten kota provinsi kecamatan desa kelurahan distrik kampung dusun pulau".split())


def alternation(words: frozenset[str] | dict[str, int]) -> str:
    """A regex alternation of ``words``, longest first (wrap each use in ``\\b...\\b``)."""
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


MONTHS = alternation(MONTH_WORDS)
DAYS = alternation(DAY_WORDS)

# BM25 tokens keep decimal numbers whole ("0,1"); phrase tokens also keep "12/2/2024" and "Jum'at"
# whole and give every punctuation mark its own token, so an answer phrase can start and end on them.
_TOKEN = re.compile(r"\w+(?:[.,]\d+)*", re.UNICODE)
_WORD = r"\w+(?:[.,/'’]\w+)*"
PHRASE_TOKEN = re.compile(_WORD + r"|[^\w\s]")
_LETTER_WORD = re.compile(r"[a-z]+(?:[-'][a-z]+)*")
# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) before a space and an
# upper-case letter, digit or opening quote; "Sdr. Budi" or "2,5 persen." inside numbers stay whole.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
# Titles written before a name ("Drs.", "Hj.", "Tgk." in Aceh, "Rr.", "Ust.", "Mgs." in Palembang): ``boundaries`` keeps them
# with it.
HONORIFICS = ("dr", "drs", "dra", "drg", "ir", "prof", "h", "hj", "kh", "tgk", "rr", "ust", "mgs", "kgs", "rd")
# Degrees written after a name: ", S.H.", ", Sp.PD.", ", M.Si." (none, one or several).
DEGREES = r"(?:,?\s*(?:[A-Z][A-Za-z]{0,3}\.)+(?:[A-Z][A-Za-z]{0,3}\.?)*)*"
_ABBREVIATIONS = {
    *HONORIFICS, "no", "sdr", "st", "tn", "ny", "bpk", "mr", "mrs", "ms", "jl", "kab", "kec", "prov",
    "s.h", "m.si", "moh", "muh", "moch", "mochd", "mhd", "muhd", "abd",  # "Moh. Rizal Pakaya"
    "hi",  # "Rivai Hi. Mahmud"
    "dt",  # the Minangkabau title inside a name: "Zulkifli Dt. Bandaro Sati"
    "br",  # a Batak woman's clan marker (boru): "Rosdiana Br. Boangmanalu"
}


def is_abbreviation(token: str) -> bool:
    """Whether a full stop after this token ends an abbreviation or an initial ("Dr.", "M.") rather than a sentence."""
    return token.lower() in _ABBREVIATIONS or (len(token) == 1 and token.isupper())


# Function words of Indonesian and English: they carry no topic, so BM25 and answer scoring skip them.
STOPWORDS = frozenset(
    """
    ada adalah agar akan aku anda apa apakah atas atau bagaimana bagi bahwa banyak beberapa begitu belum berapa
    bisa dalam dan dari dengan di dia hal harus hingga ia ialah ini itu jadi jika juga kalau kami kapan kami
    karena ke kepada ketika kita lagi lain lalu maka mana masih mereka nya oleh pada para per pula saat
    sampai sang saja sangat secara sebagai sebelum sedang sehingga sejak sekitar selain seperti serta siapa
    suatu sudah tak telah tentang tersebut tetapi tidak untuk yaitu yakni yang
    a about after all also an and any are as at be been before being between both but by can could did do
    does during each for from had has have he her his how i if in into is it its many more most much my no
    not of on or other our out over she should so some such than that the their them then there these they
    this those through to under up very was we were what when where which while who whom whose why will with
    would you your
    """.split()
)


def normalize(text: str) -> str:
    """NFKC-normalise and collapse white space; the form every index and comparison sees."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


TOKENIZER_VERSION = 2  # recorded in the index: a change here rebuilds it with the passages tokenised again
_PARTICLES = ("nya", "lah", "kah", "pun")


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens without stopwords; numbers keep their decimal separators ("0,1").

    Indonesian enclitic particles are cut ("selisihnya" -> "selisih", "apakah" -> "apa") so a
    question matches the forms the releases use; prefixes and other suffixes are left alone.
    """
    tokens = []
    for token in _TOKEN.findall(normalize(text).lower()):
        # A particle is cut only after a stem of four or more characters ("punya", "kalah" stay whole).
        # str methods, not a regex per token: this runs over every passage on every build.
        if len(token) > 6 and token.endswith(_PARTICLES):
            token = token[:-3]
        if token not in STOPWORDS:
            tokens.append(token)
    return tokens


_DATELINE = re.compile(r"^\s*([^,\n]{2,60}?)\s*,\s*([^,\n]{1,40}?(?:,[^,\n]{1,30}?)?)\s+[-\u2013\u2014]+\s")


def dateline(text: str) -> re.Match[str] | None:
    """The dateline opening a release ("Sinjai, kab-sinjai.kpu.go.id – "): group 1 the place, group 2 the source."""
    match = _DATELINE.match(text[:1000])  # a dateline is short; this bounds the work on a huge paragraph
    # "kpu.go.id", "KOMPAS.com", "ANTARA" or a date: not the ", Mochammad Afifuddin, hadir -" of a sentence
    if not match or not (re.search(r"[.\d]", match.group(2)) or match.group(2).isupper()):
        return None
    return match


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations such as "Dr." inside their sentence."""
    pieces = _SENTENCE_END.split(normalize(text))
    sentences: list[str] = []
    for piece in pieces:
        previous = sentences[-1] if sentences else ""
        last_word = previous.rsplit(" ", 1)[-1].rstrip(".").lower()
        if previous and (last_word in _ABBREVIATIONS or len(last_word) == 1):
            sentences[-1] = f"{previous} {piece}"
        elif piece:
            sentences.append(piece)
    return sentences


# A crude Indonesian root for matching question and sentence words (the answer phrase model).
_ROOT_PARTICLE = re.compile(r"^(\w{3,}?)(nya|kah)$")
_ROOT_SUFFIX = re.compile(r"(?<=\w{4})(?:kan|an|i)$")
_ROOT_PREFIX = re.compile(r"^(?:meng|meny|mem|men|me|peng|peny|pem|pen|pe|ber|be|ter|di|ke|se)(?=\w{4})")


def words(text: str) -> list[str]:
    """Word tokens as the answer phrase model sees them (no punctuation marks)."""
    return re.findall(_WORD, text)


def letter_words(text: str) -> list[str]:
    """Lower-cased words of letters only ("polling", "e-ktp"): what language detection and the glossary match."""
    return _LETTER_WORD.findall(text.lower())


@lru_cache(maxsize=65536)
def root(word: str) -> str:
    """A crude Indonesian root for matching question and sentence words: particles, common affixes cut."""
    word = _ROOT_PARTICLE.sub(r"\1", word.lower())
    word = _ROOT_SUFFIX.sub("", word)
    return _ROOT_PREFIX.sub("", word)


# What a count counts, by kind: "berapa TPS" is not answered by "5.467 orang" or "27 kecamatan", nor "how
# many officers" by "8 kecamatan". Words of one kind may stand for each other ("berapa petugas" -> "820
# orang"). Words that name several kinds ("lokasi", "titik", "kursi") have none.
_COUNTED_KINDS = {
    # Anyone; these words may count voters or officials too ("287 orang" for "how many voters").
    "people": """orang jiwa warga peserta siswa pelajar mahasiswa pendaftar pelamar relawan calon pasangan paslon
        pendukung saksi penyandang disabilitas guru pria wanita perempuan laki people persons person students pupils
        applicants volunteers candidates pairs residents participants witnesses teachers women men
        bakal tenaga pekerja panelis penyumbang donatur santri siswi dokter bidan perawat pengunjung penonton nelayan
        petani responden tokoh tunanetra tunadaksa tunarungu tunawicara tunagrahita difabel anak cewek caleg napi narapidana
        petahana panelists donors doctors nurses
        visitors spectators viewers fishermen farmers respondents kids children inmates prisoners incumbents""",
    # A voter list counts voters: "berapa DPT Pilkada Agam" is answered by "289.513 pemilih".
    "voters": "pemilih voters voter dpt dps dpb dptb dpk",
    "officials": """petugas pantarlih kpps ppk pps ppdp pengawas panitia penyelenggara anggota personel prajurit staf
        pegawai karyawan operator officers officer officials staff members member personnel soldiers workers
        employees aparat polisi polri linmas satpam police policemen cops guards""",
    "polling stations": "tps stations station",
    "regions": """kecamatan kelurahan desa distrik kampung gampong nagari dusun kabupaten kota provinsi dapil wilayah
        daerah pulau districts district villages village sub-districts regencies regency cities city provinces
        province islands constituencies""",
    "schools": "sekolah madrasah kampus schools school campuses",
    # Things, and kinds of them that do not count each other ("berapa kotak suara" is no "148.955 lembar"):
    # a word of the general kind ("unit", "logistik") may stand for any of them.
    "things": """unit dokumen set paket apk baliho spanduk logistik tinta segel documents packages units kamera alat
        barang cameras""",
    "sheets": "lembar surat eksemplar formulir ballots ballot sheets copies forms",
    "boxes": "kotak boks boxes box",
    "booths": "bilik booths booth",
    "vehicles": """helikopter kendaraan mobil motor perahu kapal longboat speedboat truk kelotok sepeda vehicles boats
        helicopters trucks bicycles""",
    "questions": "pertanyaan soal questions",
    "times": "kali times",
    "parties": "partai parpol parties",
    "votes": "suara votes vote",  # not "kursi": seats in a council, but also posts to fill
    "reports": "tanggapan aduan laporan koreksi pengaduan keberatan complaints reports responses objections",
    "measures": "liter kilogram kg ton meter km kilometer hektare litres liters tons metres meters kilometres kilometers",
    "durations": "detik menit jam hari pekan bulan seconds minutes hours days weeks months",
}
_COUNTED_KIND = {root(w): kind for kind, names in _COUNTED_KINDS.items() for w in names.split()}


def counted_kind(word_root: str) -> str | None:
    """The kind of thing a counted noun counts (see _COUNTED_KINDS), English plurals too; None if unknown."""
    return _COUNTED_KIND.get(word_root) or (_COUNTED_KIND.get(word_root[:-1]) if word_root.endswith("s") else None)


def same_kind(a: str, b: str) -> bool:
    """Whether counts of kinds ``a`` and ``b`` can answer each other: "people" stands for voters and officials."""
    return (a == b or "people" in (a, b) and {a, b} <= {"people", "voters", "officials"}
            or "things" in (a, b) and {a, b} <= {"things", "sheets", "boxes", "booths", "vehicles"})
