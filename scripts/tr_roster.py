"""Indonesian for the roster page and its API: python scripts/i18n.py scripts/tr_roster.py"""

T = {
    "%(n)s OPDs from the default list added.": "%(n)s OPD dari daftar bawaan ditambahkan.",
    "%(n)s OPDs imported.": "%(n)s OPD diimpor.",
    "%(n)s dimensions from the default list added.": (
        "%(n)s dimensi dari daftar bawaan ditambahkan."
    ),
    "Add OPD": "Tambah OPD",
    "Add a dimension": "Tambah dimensi",
    "Add an element": "Tambah elemen",
    "Add dimension": "Tambah dimensi",
    "Add the element": "Tambahkan elemen",
    "Adds the six dimensions of the Smart City guide, three elements each, that are missing.": (
        "Menambahkan enam dimensi dari panduan Smart City, masing-masing dengan tiga elemen,"
        " yang belum ada."
    ),
    "Adds the usual OPDs of a kota (Bappeda, Diskominfo, …) that are not in the roster yet.": (
        "Menambahkan OPD yang lazim di sebuah kota (Bappeda, Diskominfo, …) yang belum ada"
        " dalam daftar."
    ),
    "Agenda sessions still use this dimension (%(n)d). Give them another dimension first.": (
        "Masih ada %(n)d sesi agenda yang memakai dimensi ini. Ganti dimensi sesi tersebut"
        " terlebih dahulu."
    ),
    "Another dimension already has this key.": "Kunci ini sudah dipakai dimensi lain.",
    "Another element of this dimension has this key.": (
        "Kunci ini sudah dipakai elemen lain dalam dimensi ini."
    ),
    "CSV file": "Berkas CSV",
    "Cancel": "Batal",
    "Choose a CSV file with the columns code,name.": "Pilih berkas CSV dengan kolom code,name.",
    "Choose up or down.": "Pilih naik atau turun.",
    "Columns code,name (header in row 1), separated by , or ; as Excel saves them, UTF-8."
    " All rows are imported, or none.": (
        "Kolom code,name (judul kolom di baris 1), dipisah , atau ; seperti yang disimpan"
        " Excel, UTF-8. Semua baris diimpor, atau tidak sama sekali."
    ),
    "Correct these rows in the file and import it again:": (
        "Perbaiki baris berikut di berkas lalu impor kembali:"
    ),
    "Delete the dimension %(name)s and its elements?": "Hapus dimensi %(name)s beserta elemennya?",
    "Dimension %(name)s added.": "Dimensi %(name)s ditambahkan.",
    "Dimension %(name)s deleted.": "Dimensi %(name)s dihapus.",
    "Dimensions and elements": "Dimensi dan elemen",
    "Direction": "Arah",
    "Down": "Turun",
    "Element %(name)s added.": "Elemen %(name)s ditambahkan.",
    "Element %(name)s deleted.": "Elemen %(name)s dihapus.",
    "Elements of %(name)s": "Elemen %(name)s",
    "Filter": "Saring",
    "Filter the roster": "Saring daftar OPD",
    "Import": "Impor",
    "Import from a CSV file": "Impor dari berkas CSV",
    "Load the default list": "Muat daftar bawaan",
    "Lowercase letters, digits and _; sessions and proposals refer to it.": (
        "Huruf kecil, angka dan _; sesi dan usulan merujuk ke kunci ini."
    ),
    "Move %(name)s down": "Turunkan %(name)s",
    "Move %(name)s up": "Naikkan %(name)s",
    "No OPD matches the filter.": "Tidak ada OPD yang cocok dengan saringan.",
    "No OPDs yet. Add them one by one, import a CSV file, or load the default list of a kota.": (
        "Belum ada OPD. Tambahkan satu per satu, impor berkas CSV, atau muat daftar bawaan"
        " sebuah kota."
    ),
    "No dimensions yet. Add one below, or load the six dimensions of the Smart City guide.": (
        "Belum ada dimensi. Tambahkan di bawah, atau muat enam dimensi dari panduan Smart City."
    ),
    "Nothing to add: every OPD of the default list is in the roster.": (
        "Tidak ada yang ditambahkan: semua OPD daftar bawaan sudah ada."
    ),
    "Nothing to add: every dimension of the default list is there.": (
        "Tidak ada yang ditambahkan: semua dimensi daftar bawaan sudah ada."
    ),
    "Nothing was imported.": "Tidak ada yang diimpor.",
    "Nothing was imported. Correct the rows listed in the file and import it again.": (
        "Tidak ada yang diimpor. Perbaiki baris yang disebutkan di berkas lalu impor kembali."
    ),
    "OPD %(code)s added.": "OPD %(code)s ditambahkan.",
    "OPD %(code)s deleted.": "OPD %(code)s dihapus.",
    "OPD roster": "Daftar OPD",
    "Participants still belong to this OPD (%(n)d). Move them to another OPD first,"
    " then delete it.": (
        "Masih ada %(n)d peserta dari OPD ini. Pindahkan mereka ke OPD lain terlebih dahulu,"
        " lalu hapus."
    ),
    "Proposals are still tagged with it (%(n)d). Tag them differently first.": (
        "Masih ada %(n)d usulan yang memakainya. Ubah usulan tersebut terlebih dahulu."
    ),
    "Proposals or notes still refer to this OPD, so it cannot be deleted.": (
        "Masih ada usulan atau catatan yang merujuk OPD ini, sehingga tidak dapat dihapus."
    ),
    "Row %(row)d: %(message)s": "Baris %(row)d: %(message)s",
    'Row %(row)d: more values than columns. Put a name that contains "%(sep)s" in double quotes.': (
        "Baris %(row)d: isinya lebih banyak dari jumlah kolom. Apit nama yang mengandung"
        ' "%(sep)s" dengan tanda kutip ganda.'
    ),
    'Row %(row)d: the first row must be the header "code,name" (found "%(found)s").': (
        'Baris %(row)d: baris pertama harus berisi judul kolom "code,name" (tertulis "%(found)s").'
    ),
    'Row %(row)d: the short name "%(code)s" is already in the roster.': (
        'Baris %(row)d: nama singkat "%(code)s" sudah ada dalam daftar.'
    ),
    'Row %(row)d: the short name "%(code)s" is already on row %(first)d.': (
        'Baris %(row)d: nama singkat "%(code)s" sudah ada di baris %(first)d.'
    ),
    "Row %(row)d: this row cannot be read; check its quotes.": (
        "Baris %(row)d: baris ini tidak dapat dibaca; periksa tanda kutipnya."
    ),
    "Send the CSV as the body with Content-Type: text/csv, or upload it as a form field"
    " named file.": (
        "Kirim CSV sebagai isi permintaan dengan Content-Type: text/csv, atau unggah sebagai"
        " isian formulir bernama file."
    ),
    "Sessions and proposals refer to the key.": "Sesi dan usulan merujuk ke kunci ini.",
    "The English name is required (max. %(max)d characters).": (
        "Nama bahasa Inggris wajib diisi (maks. %(max)d karakter)."
    ),
    "The English name may have at most %(max)d characters.": (
        "Nama bahasa Inggris maksimal %(max)d karakter."
    ),
    "The Indonesian name is required (max. %(max)d characters).": (
        "Nama bahasa Indonesia wajib diisi (maks. %(max)d karakter)."
    ),
    "The Indonesian name may have at most %(max)d characters.": (
        "Nama bahasa Indonesia maksimal %(max)d karakter."
    ),
    "The connection dropped. Nothing was changed; try again in a moment.": (
        "Koneksi terputus. Belum ada yang berubah; coba lagi sebentar lagi."
    ),
    "The file has %(n)d rows; import at most %(max)d at a time.": (
        "Berkas berisi %(n)d baris; impor paling banyak %(max)d baris sekaligus."
    ),
    "The file has no OPD rows under the header.": (
        "Berkas tidak berisi baris OPD di bawah judul kolom."
    ),
    "The file is empty. The first row must be the header code,name.": (
        "Berkas kosong. Baris pertama harus berisi judul kolom code,name."
    ),
    'The file is not UTF-8 text. In Excel choose "Save as" and the type'
    ' "CSV UTF-8 (Comma delimited)".': (
        'Berkas bukan teks UTF-8. Di Excel pilih "Simpan sebagai" dengan jenis'
        ' "CSV UTF-8 (Comma delimited)".'
    ),
    "The full name is required (max. %(max)d characters).": (
        "Nama lengkap wajib diisi (maks. %(max)d karakter)."
    ),
    "The full name may have at most %(max)d characters.": "Nama lengkap maksimal %(max)d karakter.",
    "The key cannot change now.": "Kunci tidak dapat diubah sekarang.",
    "The key is required, e.g. governance.": "Kunci wajib diisi, mis. governance.",
    "The roster changed meanwhile. Import the file again.": (
        "Daftar OPD berubah sementara itu. Impor berkas sekali lagi."
    ),
    "The short name is required (max. %(max)d characters).": (
        "Nama singkat wajib diisi (maks. %(max)d karakter)."
    ),
    "The short name may have at most %(max)d characters.": (
        "Nama singkat maksimal %(max)d karakter."
    ),
    "This short name is already in the roster.": "Nama singkat ini sudah ada dalam daftar.",
    "Type a short or full name…": "Ketik nama singkat atau nama lengkap…",
    "Up": "Naik",
    "Use a lowercase letter first, then lowercase letters, digits or _ (max. 40),"
    " e.g. smart_mobility.": (
        "Awali dengan huruf kecil, lalu huruf kecil, angka atau _ (maks. 40), mis. smart_mobility."
    ),
}
