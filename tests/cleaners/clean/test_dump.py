"""Text dumps judged line by line by kind and context (cleaners/clean/dump.py, head.py, lines.py).

Every dump here is made of real lines from real Indonesian text dumps (the development set's
`textdumps/<id>.raw.txt`, named beside each case), each kind with cases from more than one outlet.
"""

from __future__ import annotations

import pytest

from cleaners import clean_text
from cleaners.clean import lines as L

_LEAD = ("Badan Pusat Statistik (BPS) melaporkan rata-rata harga beras nasional mengalami peningkatan "
         "pada Oktober 2022, setelah pemerintah menaikkan harga BBM bersubsidi.")  # katadata-001
_BODY = [
    "Menurut data BPS tren kenaikannya sudah terlihat sejak September 2022, setelah pemerintah menaikkan harga BBM.",
    "Kemudian tren kenaikan harga beras terus berlanjut pada Oktober 2022 hingga rata-ratanya mencapai Rp11.850/kg.",
    "\"Pada Oktober 2022, beras mengalami inflasi sebesar 1,13% dibanding bulan sebelumnya,\" kata BPS.",
]


def _clean(lines: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    article = clean_text("\n".join(lines))
    kinds: dict[str, list[str]] = {}
    for removal in article.removed:
        kinds.setdefault(removal.rule, []).append(removal.text)
    return article.to_text().split("\n"), kinds


@pytest.mark.parametrize(("prefix", "dateline"), [
    ("KONTAN.CO.ID - JAKARTA. ", "KONTAN.CO.ID - JAKARTA"),       # kontan
    ("JAKARTA. ", "JAKARTA"),                                     # kontan-001
    ("jpnn.com - JAKARTA - ", "jpnn.com - JAKARTA"),              # jpnn-001
    ("Tangerang, gemasulawesi - ", "Tangerang, gemasulawesi"),    # gemasulawesi-001 (lower-case brand)
    ("Jakarta (Antara Babel) - ", "Jakarta (Antara Babel)"),      # antaranews-002
    ("GridHype.ID -", "GridHype.ID"),                             # grid-003 (no space after the dash)
    ("Lentera24.com | DELI SERDANG -- ", "Lentera24.com | DELI SERDANG"),  # lentera24-001
    ("Solopos.com, SOLO– ", "Solopos.com, SOLO"),                 # solopos-001
])
def test_a_dateline_of_any_outlet_is_cut_from_the_lead(prefix, dateline):
    lines, _ = _clean(["Harga Beras Naik Lagi pada Oktober", prefix + _LEAD, *_BODY])
    assert lines == ["Harga Beras Naik Lagi pada Oktober", _LEAD, *_BODY]
    assert L.split_dateline(prefix + _LEAD) == (dateline, _LEAD)


@pytest.mark.parametrize("sentence", [
    "Putin - Trump talks end without a deal, officials say.",
    "Presiden Joko Widodo: kita harus bekerja lebih keras lagi untuk rakyat Indonesia semuanya.",
    "Harga naik 5 persen pada pekan ini - kata para pedagang di pasar tradisional Jakarta Timur.",
])
def test_a_sentence_is_not_a_dateline(sentence):
    assert L.split_dateline(sentence) is None


def test_a_headline_is_never_eaten_for_its_first_word():
    # The headline shape of detik and CNN photo pages; `Foto:` lines are credits elsewhere.
    headline = "FOTO: Kondisi Kapal Selam Nanggala-402 Usai Ditemukan di Dasar Laut Bali"
    lines, _ = _clean([headline, _LEAD, *_BODY])
    assert lines[0] == headline


def test_the_headline_is_found_among_menus_dates_bylines_and_captions():
    # rmol-001, bloomberg-001, grid-003, tribunnews-003: furniture around the headline.
    dump = ["Berita", "Wakil Ketua Komisi Pemberantasan Korupsi (KPK), Nurul Ghufron/RMOL", "Hukum",
            "OTT Musi Banyuasin Dikabarkan Seret Kepala Daerah, KPK: Kemungkinan Akan Berkembang",
            "SABTU, 16 OKTOBER 2021 | 07:07 WIB | LAPORAN: FAISAL ARISTAMA",
            "Krizia Putri Kinanti", "istimewa",
            "Honda Jazz putih ringsek setelah menabrak truk kontainer di Jalan Tol Jakarta-Merak dan menewaskan "
            "tiga remaja penumpangnya.",
            "WARTAKOTALIVE.COM, TANGERANG --- " + _LEAD, *_BODY]
    lines, kinds = _clean(dump)
    assert lines == ["OTT Musi Banyuasin Dikabarkan Seret Kepala Daerah, KPK: Kemungkinan Akan Berkembang",
                     _LEAD, *_BODY]
    assert "model:caption" in kinds and "model:date" in kinds and "preamble:furniture" in kinds


def test_a_deck_under_the_headline_stays():
    # tribunnews-002, liputan6-001: the publisher's standfirst.
    deck = "Tidak semua informasi kesehatan yang ada di media memiliki kredibilitas dan tanggung jawab."
    lines, _ = _clean(["Sukses", "Waspadai Pembodohan Informasi Kesehatan di Sekitar Kita", deck,
                       "Penulis: Mansur AM | Editor: Sukmawati Ibrahim", "TRIBUN-TIMUR.COM, MAKKAH – " + _LEAD, *_BODY])
    assert lines == ["Waspadai Pembodohan Informasi Kesehatan di Sekitar Kita", deck, _LEAD, *_BODY]


def test_subheadings_and_list_items_stay_captions_and_credits_go():
    # yahoo-001 and harianteknologi-001 subheadings, tribunnews-001 numbered head,
    # jpnn-002 name-and-role caption, jurnalmadani, idxchannel desk code.
    body = [_LEAD, "Korban Panik", _BODY[0], "4. Bupati Nganjuk, Taufiqurahman", _BODY[1],
            "Kapolda Malut, Brigjen (Pol) Achmat Juri", "Regulasi TKDN dan Tantangan Apple di Indonesia", _BODY[2],
            "(FRI)"]
    lines, kinds = _clean(["Rumah Kayu Milik Warga Merbau Hangus Terbakar", *body])
    assert lines == ["Rumah Kayu Milik Warga Merbau Hangus Terbakar", _LEAD, "Korban Panik", _BODY[0],
                     "4. Bupati Nganjuk, Taufiqurahman", _BODY[1], "Regulasi TKDN dan Tantangan Apple di Indonesia",
                     _BODY[2]]
    assert kinds["model:caption"] == ["Kapolda Malut, Brigjen (Pol) Achmat Juri"]
    assert kinds["model:credit"] == ["(FRI)"]


def test_the_lists_of_other_stories_after_the_article_go():
    # rmol-001 (titles with dates under "Populer"), jpnn-001 (dash list under a credit),
    # kompas-001 (URL, "Terkini Lainnya", titles, section).
    tail = ["Populer", "Enam Pengusaha Muda Berebut Kursi Ketum HIPMI, Siapa Saja?", "Kamis, 22 Januari 2026 | 13:37",
            "Redaktur & Reporter : Tim Redaksi", "- PSI: Publikasi OCCRP soal Jokowi Adalah Suara Barisan Sakit Hati",
            "- KAI Properti Menyambut 2025 dengan Doa dan Berbagi",
            "https://megapolitan.kompas.com/read/2020/01/06/13481041/banjir-surut-3106-warga-jakarta-masih-mengungsi",
            "Terkini Lainnya", "Keluarga Tolak Otopsi Jenazah Brigadir RAT yang Bunuh Diri di Mampang", "Megapolitan"]
    lines, _ = _clean(["Banjir Surut, 3.106 Warga Jakarta Masih Mengungsi", _LEAD, *_BODY, *tail])
    assert lines == ["Banjir Surut, 3.106 Warga Jakarta Masih Mengungsi", _LEAD, *_BODY]


def test_photo_captions_go_unless_the_page_is_a_photo_story():
    # bisnis-001 and tempo-003 captions between the headline and the lead; cnbcindonesia-001 photo story.
    caption = ("Presiden Joko Widodo melakukan inspeksi mendadak di Pasar Pagi Rawamangun, Jakarta Timur, "
               "Sabtu (28/2/2015)./JIBI-Akhirul Anwar")
    dump = ["Beras Melambung, Februari Malah Deflasi", caption, "Bisnis.com, JAKARTA - " + _LEAD, *_BODY]
    lines, kinds = _clean(dump)
    assert lines == ["Beras Melambung, Februari Malah Deflasi", _LEAD, *_BODY]
    story = [p + " (CNBC Indonesia/Tris Susilo)" for p in (_LEAD, *_BODY)]
    lines, kinds = _clean(story)
    assert lines == [_LEAD, *_BODY]
    assert kinds["model:credit"] == ["(CNBC Indonesia/Tris Susilo)"] * 4


@pytest.mark.parametrize("mark", [
    " [yan]", " (*)", "**(zi)",  # yahoo-001, grid-001, posmonews-001
    " (san)", " (djo)", "***",  # jurnalmadani-001, koranpelita-001, goriau-001: desk initials, an end marker
    " (Hadrian)", " (MTVN/X-12)",  # merdekanews-001 (a name), mediaindonesia-003 (a desk code, not a photo credit)
])
def test_a_glued_end_credit_is_cut(mark):
    lines, kinds = _clean(["Gempa Magnitudo 6,7 di Barat Daya Malang", _LEAD, _BODY[0], _BODY[2] + mark])
    assert lines == ["Gempa Magnitudo 6,7 di Barat Daya Malang", _LEAD, _BODY[0], _BODY[2]]
    assert kinds["model:credit"] == [mark.strip()]


@pytest.mark.parametrize("text", [
    "Presiden Joko Widodo meresmikan jalan tol baru di Jawa Timur pada Senin pagi. (ANTARA/Zabur Karuru)",
    "Kepala Biro Penerangan Masyarakat Polri Brigadir Jenderal Mohammad Iqbal di Kantornya. (Foto: Republika)",
])
def test_a_photo_credit_is_not_a_glued_desk_code(text):
    assert L.glued_credit(text) is None and L.is_caption(L.unglued(text))


def test_a_slash_inside_a_sentence_is_no_photo_credit():
    # goriau-001: the lead ends `Gedung MPR/DPR Jakarta yang mulai ricuh.`; it stays the lead.
    lead = ("Kapolres Jakarta Pusat, Kombes Harry Kurniawan tak henti-hentinya mengimbau mahasiswa yang melakukan "
            "aksi demonstrasi di depan Gedung MPR/DPR Jakarta yang mulai ricuh.")
    assert not L.is_caption(lead)
    lines, _ = _clean(["JAKARTA - " + lead, *_BODY])
    assert lines == [lead, *_BODY]


def test_a_caption_printed_again_with_its_credit_in_capitals_goes():
    # tribunnews-004 `(DOK. ISTIMEWA)`; the policy's `(Dok. ...)`, `(Foto: ...)` in any case.
    caption = "Kecelakaan maut di KM 21.100 B Tol Jakarta-Tangerang, Sabtu (3/6/2023). Satu WNA asal China tewas."
    for credit in (" (DOK. ISTIMEWA)", " (FOTO: ISTIMEWA)"):
        lines, kinds = _clean(["Kecelakaan Maut di Tol Jakarta-Tangerang", _LEAD, caption, caption + credit, *_BODY])
        assert lines == ["Kecelakaan Maut di Tol Jakarta-Tangerang", _LEAD, *_BODY]


def test_a_cleaned_text_is_left_as_it_is():
    text = "\n".join(["Judul Berita Hari Ini", "Presiden berbicara kepada wartawan di Istana pada Senin pagi.",
                      "Konflik Rusia Vs Ukraina", "Harga Beras Naik di Pasar Tradisional Jakarta", *_BODY])
    assert clean_text(text).to_text() == text


def test_a_short_quote_above_a_later_dateline_is_text_not_furniture():
    # A page's cleaned text (hypothesis found it): a two-word quote sentence and a topic line between
    # the lead and a later paragraph that opens like a dateline; cleaning it again changes nothing.
    text = "\n".join(["Judul Berita Hari Ini", "Hujan deras melanda kota sejak pagi hari, kata BMKG.",
                      "“Kami sepakat,” katanya.", "Konflik Rusia Vs Ukraina",
                      "TRIBUNNEWS.COM - Presiden berbicara kepada wartawan di Istana pada Senin pagi."])
    assert clean_text(text).to_text() == text


@pytest.mark.parametrize("byline", [
    "Reporter: Dea Chadiza Syafina | Editor: Edy Can",  # kontan-002
    "Penulis: Mansur AM | Editor: Sukmawati Ibrahim",  # tribunnews-002
    "Rep: Arif Satrio Nugroho/ Red: Bayu Hermawan",  # republika-001
])
def test_two_labelled_credits_on_line_one_are_no_headline(byline):
    assert L.is_credit_pair(byline)
    lines, _ = _clean([byline, "JAKARTA. " + _LEAD, *_BODY])
    assert lines == [_LEAD, *_BODY]


@pytest.mark.parametrize("prompt", [
    "Baca berita tanpa iklan. Gabung Kompas.com+",  # kompas-004
    "Baca berita dengan sedikit iklan, klik di sini",  # tempo-001
])
def test_an_upsell_on_line_one_is_no_headline(prompt):
    headline = "\u201cBaru Dikasih Hujan, Eh Langsung Banjir...\u201d"  # kompas-004
    lines, kinds = _clean([prompt, headline, "JAKARTA, KOMPAS.com - " + _LEAD, *_BODY])
    assert lines == [headline, _LEAD, *_BODY]
    assert kinds["id:prompt:follow"] == [prompt]


@pytest.mark.parametrize("label", ["Sumber :", "Foto: Republika/Arif Satrio Nugroho"])  # viva-001, republika-001
def test_the_line_over_a_photo_credit_label_is_its_caption(label):
    caption = "Pelatih Timnas Indonesia, Simon McMenemy, saat masih membesut Bhayangkara FC."  # viva-001
    lines, kinds = _clean([caption, label, "VIVA \u2013 " + _LEAD, *_BODY])
    assert lines == [_LEAD, *_BODY]
    assert kinds["model:caption"] == [caption]


def test_a_paywall_teaser_cut_mid_sentence_stays():
    # tempo-002: the last paragraph before the paywall's lone ellipsis is cut short; it stays as published.
    teaser = ("Bahwa rupiah makin jeblok, itu bukan cerita baru. Bahwa kurs rupiah mencapai rekor terendah, "
              "itu juga bukan lagi istimewa. Namun, yang")
    paywall = ["...", "Berlangganan untuk lanjutkan membaca.", "Kami mengemas berita, dengan cerita."]
    lines, _ = _clean([_LEAD, teaser, *paywall])
    assert lines == [_LEAD, teaser]


def test_a_list_of_other_stories_inside_the_article_does_not_end_it():
    # murianetwork-001's "Artikel Terkait" list (four titles), gemasulawesi-001's "Baca Juga:" label;
    # the article goes on below the list.
    titles = ["Moving: Drama Superhero Korea yang Curi Perhatian dan Raih Daesang",
              "Korban Penjambretan di Sleman Berbalik Jadi Tersangka Usai Kejar Pelaku",
              "Dahlan Iskan Ungkap Kerugian Rp2 Triliun Akibat Guncangan Harga Batu Bara",
              "Potret Pahit Pendidikan Indonesia: Skor TKA 2025 Buka Mata dan Jurang Antardaerah"]
    for label in ("Artikel Terkait", "Baca Juga:"):
        lines, _ = _clean(["Harga Beras Naik Lagi pada Oktober", _LEAD, _BODY[0], label, *titles, _BODY[1], _BODY[2]])
        assert lines == ["Harga Beras Naik Lagi pada Oktober", _LEAD, *_BODY]


def test_a_teaser_printed_twice_above_the_lead_is_not_the_lead():
    # mediaindonesia-001/002: a ticker's teaser of another story, printed twice under a section label.
    teaser = "Kecelakaan berulang jadi refleksi tata kelola keselamatan pelayaran yang buruk."
    lines, kinds = _clean(["Headline", teaser, teaser, _LEAD, *_BODY])
    assert lines == [_LEAD, *_BODY]
    assert teaser not in lines


@pytest.mark.parametrize("text", [
    "JAKARTA, KOMPAS.com - Harga beras di pasar tradisional naik lagi pekan ini menurut para pedagang.",
    "KONTAN.CO.ID - JAKARTA. Harga beras di pasar tradisional naik lagi pekan ini menurut para pedagang.",
    "Jakarta (ANTARA) - Harga beras di pasar tradisional naik lagi pekan ini menurut para pedagang.",
    "harga beras di pasar tradisional naik lagi pekan ini - menurut para pedagang di Jakarta.",
    "“Harga beras naik lagi,” kata seorang pedagang di pasar tradisional Jakarta pada Senin pagi.",
    "Presiden Joko Widodo yang datang bersama para menteri kabinet dan pejabat daerah - hadir di sana pagi ini.",
])
def test_the_quick_dateline_no_agrees_with_the_patterns(text):
    # the quick test in front of the dateline patterns may only say no where they find no dateline
    found = None
    for regex in (L._DATELINE_STOP_RE, L._DATELINE_DASH_RE):
        match = regex.match(text)
        sep = (match.groupdict().get("sep") or "") if match else ""
        if match and sep != ":" and L._plausible_dateline(match.group("dateline"), sep) \
                and len(L.words(match.group("rest"))) >= 8:
            found = (match.group("dateline").strip(), match.group("rest"))
            break
    assert L.split_dateline(text) == found
    assert (found is None) or L._could_open_dateline(text)


# Lists of other stories inside and above the article: real lines of pages in ../shared/eval/pages
# rendered as text dumps (python -m checks.heldout_dumps --write), outlets named beside each case.

def test_a_lead_in_and_its_list_after_a_list_of_other_stories_stay():
    lead = ("Liputan6.com, Jakarta - Kasus COVID-19 di seluruh dunia sudah mencapai 98,1 juta kasus. "
            "Kasus tertinggi masih berada di Amerika Serikat.")  # id-liputan6-002
    body = ["Dua hari lalu, total kasus COVID-19 di dunia adalah 96 juta. Bila peningkatan terus berlangsung, "
            "maka pekan depan kasus kumulatif bisa mencapai 100 juta."]
    related = ["Baca Juga", "FOTO: Distrik Daxing di Beijing Sediakan Pasokan Makanan untuk Lockdown",
               "FOTO: Hong Kong Akhirnya Lockdown untuk Pertama Kali",
               "Tak Kenakan Masker, Belasan Warga di Kebayoran Baru Disanksi Menyapu Jalan"]
    listing = ["Berdasarkan data Johns Hopkins University, Sabtu (23/1/2021), lima negara dengan kasus tertinggi "
               "adalah:", "1. Amerika Serikat: 24,8 juta kasus", "2. India: 10,6 juta kasus",
               "Peringkat Indonesia naik satu peringkat menuju nomor 19 dengan total 965 ribu."]
    headline = "Update 23 Januari 2021: 98 Juta Kasus COVID-19 di Dunia, Akan Tembus 100 Juta?"
    lines, _ = _clean([headline, lead, *body, *related, *listing])
    assert lines == [headline, lead.split(" - ", 1)[1], *body, *listing]


def test_a_title_with_a_quoted_word_under_a_related_label_goes():
    lead = ("Mataram, NTB (ANTARA News) - Sebanyak 29 penerbangan baik domestik dan internasional di Bandara "
            "Internasional Lombok dibatalkan akibat abu vulkanik.")  # id-antara-101
    body = ["\"Total ada 3.016 orang penumpang domestik dan 348 orang penumpang internasional yang batal "
            "terbang,\" katanya."]
    related = ["Berita Lainnya", "Ngurah Rai ditutup, penumpang serempak minta \"refund\"",
               "Wagub sidak ke Ngurah Rai yang mendadak lumpuh", "Abu vulkanik Gunung Baru Jari sudah masuk Mataram"]
    lines, kinds = _clean(["29 penerbangan Bandara Internasional Lombok dibatalkan", lead, *body, *related])
    assert lines[2:] == body
    assert related[1] not in lines


def test_a_short_subheading_under_a_list_of_other_stories_stays():
    lead = ("Pria Libra adalah beberapa individu yang sangat komunikatif dan suka bergaul dengan siapa saja di "
            "sekitarnya.")  # id-fimela-001
    related = ["Baca Juga", "Inilah 6 Kepribadian Terburuk Zodiak Virgo Menurut Astrologi",
               "Bukti Penelitian, Kepribadian Seperti Inilah yang Dibutuhkan Saat Melamar Kerja",
               "Temukan Pasangan Hidup Sesuai Kepribadian Lewat 4 Karakter Wajah Pria"]
    section = ["Makhluk Sosial", "Seiring dengan tidak pernah ingin sendirian, Libra dikenal sebagai makhluk "
               "sosial yang senang berada di tengah banyak orang."]
    headline = "Inilah Kebenaran Tak Terduga Mencintai Pria Libra yang Perlu Diketahui"
    lines, _ = _clean([headline, lead, *related, *section])
    assert lines == [headline, lead, *section]


def test_titles_listed_above_the_lead_are_neither_the_headline_nor_a_paragraph():
    headline = "Samsul Arif Tak Beban Lawan Arema"  # id-kompas-102
    related = ["Berita Terkait", "Dua Mantan Pemain Arema Sudah Ditaksir Persib sejak Tahun Lalu",
               "Dua Peman Persib Tak Dapat Jaminan \"Starter\"",
               "Gol Penalti Samsul Arif Warnai Kemenangan Persib di Bali",
               "Minim Striker, Persib Optimistis Bisa Kalahkan Arema"]
    lead = ("Penyerang anyar Persib Bandung, Samsul Arif, bertekad memberikan penampilan terbaiknya saat melawan "
            "Arema Cronus pada pertandingan final.")
    lines, _ = _clean(["Bola / Liga Indonesia", headline, "Selasa, 23 Februari 2016 | 16:37 WIB", *related,
                       "KUTA, KOMPAS.com — " + lead, *_BODY])
    assert lines == [headline, lead, *_BODY]


def test_embedded_posts_go_and_the_article_goes_on_after_them():
    lead = ("Merdeka.com - Salah satu kuliner khas Kabupaten Pamekasan, Jawa Timur adalah Sate Lalat yang "
            "ukurannya kecil-kecil.")  # id-merdeka-001 (Instagram)
    instagram = ["Wajib Dicicipi", "Lihat postingan ini di Instagram",
                 "Sebuah kiriman dibagikan oleh Bupati Pamekasan OFC (@bupatipamekasanofc)"]
    after = ["Melalui akun Instagram resminya @bupatipamekasanofc, Selasa (15/6/2021), Baddrut Tamam mengimbau "
             "wisatawan mencicipi Sate Lalat."]
    tweet = ["A standing ovation for 12-year-old @_JoeyAlexander! #GRAMMYs",  # id-viva-101 (a tweet)
             "— The GRAMMYs (@TheGRAMMYs) February 16, 2016"]
    lines, kinds = _clean(["Cuma Ada di Pamekasan, Begini Kelezatan Sate Lalat Pak Muhsin", lead, *_BODY,
                           *instagram, *after, *_BODY[:1], *tweet])
    assert lines[2:] == [*_BODY, "Wajib Dicicipi", *after]
    assert kinds["model:widget"] == [tweet[0]]


def test_a_caption_ending_in_a_copyright_credit_goes():
    caption = ("Heart Beat bikin Brandon terpukau oleh ceritanya yang positif dalam balutan drama "
               "musikal/©KapanLagi.com®/M. Akrom Sukarya")  # id-kapanlagi-101
    lines, kinds = _clean(["Harga Beras Naik Lagi pada Oktober", _LEAD, _BODY[0], caption, *_BODY[1:]])
    assert lines == ["Harga Beras Naik Lagi pada Oktober", _LEAD, *_BODY]
    assert kinds["model:caption"] == [caption]


@pytest.mark.parametrize(("lead", "place"), [
    ("Jakarta Setelah rapat Komite Eksekutif (Exco) PSSI pada 7 Desember 2018, Sekjen PSSI mengatakan "
     "penetapan pelatih akan dilakukan pekan depan.", "Jakarta"),  # liputan6-002 (development set)
    ("Banda Aceh Sejak pagi hari warga sudah memadati masjid raya untuk mengikuti salat Idul Fitri "
     "bersama keluarga.", "Banda Aceh"),
])
def test_a_dateline_without_a_separator_is_cut_from_the_lead(lead, place):
    # a raw dump (a copy toast above the headline); text already in the seed format keeps its lead as
    # a page's text does (no bare dateline on pages)
    headline = "Menerka Calon Pelatih Timnas Indonesia Jelang Rapat Exco"
    article = clean_text("\n".join(["Sukses", headline, lead, *_BODY]))
    assert article.to_text().split("\n") == [headline, lead[len(place) + 1:], *_BODY]
    assert article.dateline == place


@pytest.mark.parametrize("sentence", [
    "Presiden Joko Widodo mengatakan pemerintah akan menambah pasokan beras di pasar tradisional pekan ini.",
    "Setelah rapat Komite Eksekutif (Exco) PSSI pada 7 Desember 2018, Sekjen PSSI mengatakan hal itu.",
    "Polisi Jakarta Selatan menangkap tiga orang yang diduga terlibat dalam pencurian kendaraan bermotor.",
])
def test_a_sentence_opening_with_capitalised_words_has_no_bare_dateline(sentence):
    assert L.bare_dateline(sentence) is None


def test_subheadings_and_photo_credits_between_sections_do_not_end_the_article():
    lead = ("Bulan ini kelambatan dalam berbagai hal tidak akan memengaruhi Capricorn untuk mencapai tujuan "
            "yang sudah direncanakan.")  # id-fimela-002
    sections = ["Cinta", "ilustrasi zodiak/copyright Photo by Jc Romero from Pexels", "Single:",
                "Beberapa Capricorn single akan menemukan sosok yang tepat bulan ini, atau paling tidak mulai "
                "berani membuka diri.", "Couple:",
                "Perbedaan pendapat mengenai masalah finansial akan membuat hubungan tak nyaman bulan ini."]
    headline = "Prediksi Ramalan Zodiak Capricorn di Bulan Juni 2020"
    lines, _ = _clean(["Lifestyle", headline, "03 Jun 2020, 10:15 WIB", lead, *sections])
    assert lines == [headline, lead, "Cinta", *sections[2:]]


def test_a_short_line_above_a_headline_shaped_line_still_ends_the_article():
    # detik's "Foto Video Terkait" list: a short title above an exclaiming headline is no subheading
    ending = ["(fyk/ash)", "Foto Video Terkait", "Smartfren Gaet Samsung", "Blackphone 2, Penyadapan Gak Mempan!",
              "Galaxy A8, Si Langsing dengan Balutan Metal", "Saingi iPhone 6, Inilah Kelebihan Galaxy S6"]
    lines, _ = _clean(["Harga Beras Naik Lagi pada Oktober", _LEAD, *_BODY, *ending])
    assert lines == ["Harga Beras Naik Lagi pada Oktober", _LEAD, *_BODY]
