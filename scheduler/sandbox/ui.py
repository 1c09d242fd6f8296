"""The sandbox's UI text in English or Indonesian (the `ui_language` fault), as real sites show their
user's language: adapters must find their way in both, through the pack's per-language labels.

Templates call `ui_text("Post text")`; a text without a translation stays English (numbers in
messages, say). The replicas of other sites (issue 14) pass their own table to `translator`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

#: English -> Indonesian, for every fixed text of the sandbox's pages
INDONESIAN: dict[str, str] = {
    "Sandbox": "Sandbox",
    "Feed": "Beranda",
    "New post": "Postingan baru",
    "Activity": "Aktivitas",
    "Log out": "Keluar",
    "Log in": "Masuk",
    "Main": "Utama",
    "Log in to Sandbox": "Masuk ke Sandbox",
    "Username": "Nama pengguna",
    "Password": "Kata sandi",
    "Post text": "Teks postingan",
    "Share something with your followers": "Bagikan sesuatu dengan pengikutmu",
    "Image": "Gambar",
    "Post": "Kirim",
    "Publish": "Terbitkan",
    "Create": "Buat",
    "Share now": "Bagikan sekarang",
    "Your post is live.": "Postinganmu sudah tayang.",
    "Comments": "Komentar",
    "No comments yet.": "Belum ada komentar.",
    "Add a comment": "Tulis komentar",
    "Comment": "Komentari",
    "to comment.": "untuk berkomentar.",
    "Reply": "Balas",
    "Your reply": "Balasanmu",
    "Reply to": "Balas ke",
    "Back to the post": "Kembali ke postingan",
    "Back to the feed": "Kembali ke beranda",
    "Next page": "Halaman berikutnya",
    "Previous page": "Halaman sebelumnya",
    "Pages": "Halaman",
    "Page": "Halaman",
    "of": "dari",
    "Posts": "Postingan",
    "followers": "pengikut",
    "follower": "pengikut",
    "following": "mengikuti",
    "Follow": "Ikuti",
    "Unfollow": "Berhenti mengikuti",
    "comments": "komentar",
    "comment": "komentar",
    "No posts yet.": "Belum ada postingan.",
    "has not posted yet.": "belum membuat postingan.",
    "What's new,": "Apa kabar terbaru,",
    "Error": "Galat",
    "Wrong username or password.": "Nama pengguna atau kata sandi salah.",
    "Your session has expired. Please log in again.": "Sesi kamu sudah berakhir. Silakan masuk lagi.",
    "Write something or add an image.": "Tulis sesuatu atau tambahkan gambar.",
    "Write something first.": "Tulis sesuatu dulu.",
    "Something went wrong. Please try again later.": "Terjadi kesalahan. Silakan coba lagi nanti.",
    "Up to {max} characters. PNG, JPEG, GIF or WebP, at most 5 MB.":
        "Paling banyak {max} karakter. PNG, JPEG, GIF atau WebP, paling besar 5 MB.",
    "Sandbox is a practice site that ships with jadwal. Nothing here is public.":
        "Sandbox adalah situs latihan bawaan jadwal. Tidak ada yang publik di sini.",
    # dialogs
    "Cookies on Sandbox": "Cookie di Sandbox",
    "We use cookies to keep you signed in and, if you allow it, to learn how the site is used.":
        "Kami memakai cookie agar kamu tetap masuk dan, jika kamu izinkan, untuk mempelajari pemakaian situs.",
    "Allow all cookies": "Izinkan semua cookie",
    "Only essential cookies": "Hanya cookie penting",
    "Save your login info?": "Simpan info login?",
    "We can save your login info on this browser so you don't need to enter it again.":
        "Kami bisa menyimpan info login di browser ini supaya kamu tidak perlu memasukkannya lagi.",
    "Save info": "Simpan info",
    "Not now": "Lain kali",
    # checkpoints
    "We need to confirm it's you": "Kami perlu memastikan ini kamu",
    "Someone tried to log in to your account from a new device. Confirm it was you.":
        "Seseorang mencoba masuk ke akunmu dari perangkat baru. Pastikan itu kamu.",
    "Enter the security code": "Masukkan kode keamanan",
    "We sent a 6-digit code to your phone.": "Kami mengirim kode 6 digit ke ponselmu.",
    "Security code": "Kode keamanan",
    "Prove you're not a robot": "Buktikan kamu bukan robot",
    "Type the characters you see in the picture.": "Ketik karakter yang kamu lihat di gambar.",
    "Characters": "Karakter",
    "We noticed suspicious activity": "Kami melihat aktivitas mencurigakan",
    "Your account was used in a way that looks automated. Confirm your phone number to go on.":
        "Akunmu dipakai dengan cara yang tampak otomatis. Konfirmasi nomor ponselmu untuk melanjutkan.",
    "Phone number": "Nomor ponsel",
    "Try again later": "Coba lagi nanti",
    "We limit how often you can do certain things to protect our community.":
        "Kami membatasi seberapa sering kamu bisa melakukan hal tertentu untuk melindungi komunitas.",
    "Answer": "Jawaban",
    "Continue": "Lanjutkan",
    "Your post has too many hashtags ({count}); the limit is {max}.":
        "Postinganmu punya terlalu banyak tagar ({count}); batasnya {max}.",
    "Your post mentions too many people ({count}); the limit is {max}.":
        "Postinganmu menyebut terlalu banyak orang ({count}); batasnya {max}.",
}

LANGUAGES = ("en", "id")


def translator(table: Mapping[str, str], language: Callable[[], str]) -> Callable[..., str]:
    """A `t(text, **values)` for templates: `table[text]` when `language()` is "id", else `text`."""

    def t(text: str, **values: object) -> str:
        shown = table.get(text, text) if language() == "id" else text
        return shown.format(**values) if values else shown

    return t


def _language() -> str:
    from scheduler.sandbox.state import site

    return site().faults.ui_language


#: the sandbox's own `t`
t = translator(INDONESIAN, _language)
