"""Indonesian for the agenda editor's strings (merged by scripts/i18n.py)."""

T = {
    "Choose planned, open or closed.": "Pilih direncanakan, dibuka, atau ditutup.",
    "Choose one of this workshop's dimensions, or none.": (
        "Pilih salah satu dimensi lokakarya ini, atau tanpa dimensi."
    ),
    "Stage": "Tahap",
    "Enter the stage (max. %(max)d characters), e.g. Tahap I.": (
        "Isi tahap (maks. %(max)d karakter), mis. Tahap I."
    ),
    "Close the session before deleting it.": "Tutup sesi ini sebelum menghapusnya.",
    "Proposals, polls or notes belong to this session, so it cannot be deleted.": (
        "Sesi ini sudah memiliki usulan, pemungutan suara, atau catatan, sehingga tidak dapat"
        " dihapus."
    ),
    "This session is already the first of its day.": "Sesi ini sudah yang pertama pada harinya.",
    "This session is already the last of its day.": "Sesi ini sudah yang terakhir pada harinya.",
    "Session added: %(title)s": "Sesi ditambahkan: %(title)s",
    "Session saved: %(title)s": "Sesi disimpan: %(title)s",
    "Session deleted: %(title)s": "Sesi dihapus: %(title)s",
    "%(title)s: %(status)s": "%(title)s: %(status)s",
    "Stage of day %(n)s saved.": "Tahap hari ke-%(n)s disimpan.",
    "Move session %(title)s up": "Naikkan sesi %(title)s",
    "Move session %(title)s down": "Turunkan sesi %(title)s",
    "Status of session %(title)s": "Status sesi %(title)s",
    "Save the status of session %(title)s": "Simpan status sesi %(title)s",
    "Edit session %(title)s": "Ubah sesi %(title)s",
    "Edit": "Ubah",
    "Another day puts the session at the end of that day.": (
        "Jika dipindah ke hari lain, sesi ditempatkan di akhir hari tersebut."
    ),
    "Delete session %(title)s": "Hapus sesi %(title)s",
    "Delete": "Hapus",
    "Delete the session “%(title)s”? This cannot be undone.": (
        "Hapus sesi “%(title)s”? Tindakan ini tidak dapat dibatalkan."
    ),
    "Yes, delete": "Ya, hapus",
    "The change was not saved. Check the connection and try again.": (
        "Perubahan belum tersimpan. Periksa koneksi, lalu coba lagi."
    ),
    "Change the stage of day %(n)d": "Ubah tahap hari ke-%(n)d",
    "Change stage": "Ubah tahap",
    "For example Tahap I. Days with the same stage belong together.": (
        "Misalnya Tahap I. Hari dengan tahap yang sama termasuk satu kelompok."
    ),
    "No sessions on this day yet.": "Belum ada sesi pada hari ini.",
    "Add a session to day %(n)d": "Tambah sesi pada hari ke-%(n)d",
    "The session goes before the first session of the day that starts later.": (
        "Sesi ditempatkan sebelum sesi pertama hari itu yang mulai lebih lambat."
    ),
    "Add session": "Tambah sesi",
}
