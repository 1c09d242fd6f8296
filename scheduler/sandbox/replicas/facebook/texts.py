"""The Facebook replica's UI text, English and Indonesian, from /work/research/facebook.md.

Tags: [S] sourced (the exact string appears in code, issues or docs written against the live site;
the research's source key follows: KZ kevinzg/facebook-scraper, MP leaperone/MultiPost-Extension,
AMM BoPeng/ai-marketplace-monitor, SAU dreammis/social-auto-upload, KT kimtrongdev/scripts, DB
dinhbinhnguyen0105's selectors, SN vader-pepe/snorkel, MW maulanawirawan/scraping, IBAE
trejosau/ibae, idx:N a file found by exact string), [W] weakly sourced (one source, old, or a
candidate list), [G] a guess with no source (most Indonesian strings). An adapter must not trust a
[G] string more than the replica does: roles, aria-labels, URLs and attributes come first.
Keys are the English text.
"""

from __future__ import annotations

from scheduler.sandbox.replicas.base import Texts

TEXTS = Texts({
    # --- shell and navigation
    "Facebook": ("Facebook", "Facebook"),
    "Home": ("Home", "Beranda"),  # [G]
    "Your profile": ("Your profile", "Profil Anda"),  # aria-label [S: KT, SAU]; ID [G]
    "See all profiles": ("See all profiles", "Lihat semua profil"),  # [S: KT selectFBPage]; ID [G]
    "Select profile": ("Select profile", "Pilih profil"),  # the profiles dialog's title [G]
    "Pages": ("Pages", "Halaman"),  # [G]
    "Your Pages and profiles": ("Your Pages and profiles", "Halaman dan profil Anda"),  # [G]
    "Switch Now": ("Switch Now", "Beralih Sekarang"),  # [S: KT]; ID [G]
    "Switch": ("Switch", "Beralih"),  # aria-label of the confirm [S: KT]; ID [G]
    "Switch to {name}?": ("Switch to {name}?", "Beralih ke {name}?"),  # [G]
    "You'll use Facebook as {name}.": ("You'll use Facebook as {name}.", "Anda akan menggunakan Facebook sebagai {name}."),  # [G]
    "Cancel": ("Cancel", "Batal"),  # [G]
    "More": ("More", "Lainnya"),  # aria-label on a Page card [S: KT]; ID [G]
    "Log out": ("Log out", "Keluar"),  # [G]
    "Language": ("Language", "Bahasa"),  # [G]
    "Save": ("Save", "Simpan"),  # [G]
    "Close": ("Close", "Tutup"),  # aria-label [S: DB]; ID [S: idx:59465323102]
    "OK": ("OK", "OK"),  # [G]
    # --- login
    "Log in to Facebook": ("Log in to Facebook", "Masuk ke Facebook"),  # title "Log in to Facebook | Facebook" [S: KZ]; ID [G]
    "Email address or phone number": ("Email address or phone number", "Email atau nomor telepon"),  # [G]
    "Password": ("Password", "Kata sandi"),  # [G]
    "Log in": ("Log in", "Masuk"),  # [S: AMM PR #336]; ID [W: research §recommended flow 2.4]
    "Forgotten password?": ("Forgotten password?", "Lupa kata sandi?"),  # [G]
    "Create new account": ("Create new account", "Buat akun baru"),  # [G]
    "The password that you've entered is incorrect.": (
        "The password that you've entered is incorrect.",  # [W: KZ, m. "The password that you entered is incorrect"]
        "Kata sandi yang Anda masukkan salah."),  # [G]
    "The email address or mobile number you entered isn't connected to an account.": (
        "The email address or mobile number you entered isn't connected to an account.",  # [G]
        "Email atau nomor ponsel yang Anda masukkan tidak terhubung ke akun."),  # [G]
    "Please log in to continue.": ("Please log in to continue.", "Silakan masuk untuk melanjutkan."),  # [G]
    # --- cookie consent (EU/UK) and "save login"
    "Allow the use of cookies from Facebook on this browser?": (
        "Allow the use of cookies from Facebook on this browser?",  # [G]
        "Izinkan penggunaan cookie dari Facebook di browser ini?"),  # [G]
    "We use cookies to help personalise content, tailor and measure ads, and provide a safer experience.": (
        "We use cookies to help personalise content, tailor and measure ads, and provide a safer experience.",  # [G]
        "Kami menggunakan cookie untuk membantu mempersonalisasi konten, menyesuaikan dan mengukur iklan, serta"
        " memberikan pengalaman yang lebih aman."),  # [G]
    "Allow all cookies": ("Allow all cookies", "Izinkan semua cookie"),  # [S: idx:63019714327, AMM; ID idx:70464087299]
    "Decline optional cookies": ("Decline optional cookies",  # [S: idx:63019714327]
                                 "Tolak cookie opsional"),  # [S: idx:70464087299]
    "Save your login info?": ("Save your login info?", "Simpan info login Anda?"),  # [W: research §1]; ID [G]
    "Next time you log in on this browser, just click your profile picture instead of typing a password.": (
        "Next time you log in on this browser, just click your profile picture instead of typing a password.",  # [G]
        "Lain kali Anda masuk di browser ini, cukup klik foto profil Anda tanpa mengetik kata sandi."),  # [G]
    "Not now": ("Not now", "Lain kali"),  # aria-label [S: SAU]; ID [G: one of the research's candidates]
    # --- checkpoints and blocks (stop, never solve)
    "Security check": ("Security check", "Pemeriksaan keamanan"),  # [G]
    "Your account has been locked": ("Your account has been locked", "Akun Anda telah dikunci"),  # [G]
    "We saw unusual activity on your account. To protect it, confirm that it's you.": (
        "We saw unusual activity on your account. To protect it, confirm that it's you.",  # [W: KZ, first sentence]
        "Kami melihat aktivitas yang tidak biasa di akun Anda. Untuk melindunginya, konfirmasikan bahwa ini Anda."),  # [G]
    "Enter the code we sent you": ("Enter the code we sent you", "Masukkan kode yang kami kirimkan"),  # [G]
    "Continue": ("Continue", "Lanjutkan"),  # [G]; ID [S: idx:70695084620]
    "Enter login code to continue": ("Enter login code to continue",  # [W: KZ, m. only]
                                     "Masukkan kode login untuk melanjutkan"),  # [G]
    "Login code": ("Login code", "Kode login"),  # [G]
    "The login code you entered doesn't match the one sent to your phone.": (
        "The login code you entered doesn't match the one sent to your phone.",  # [W: KZ, first clause]
        "Kode login yang Anda masukkan tidak cocok dengan yang dikirim ke ponsel Anda."),  # [G]
    "Confirm you're human": ("Confirm you're human", "Konfirmasikan bahwa Anda manusia"),  # [G: research §1]
    "Complete the security check to continue.": ("Complete the security check to continue.",  # [G]
                                                 "Selesaikan pemeriksaan keamanan untuk melanjutkan."),  # [G]
    "We suspended your account": ("We suspended your account", "Kami menangguhkan akun Anda"),  # [S: KZ]; ID [G]
    "Your account has been disabled": ("Your account has been disabled", "Akun Anda telah dinonaktifkan"),  # [S: KZ]; ID [G]
    "You’re Temporarily Blocked": ("You’re Temporarily Blocked", "Anda Diblokir Sementara"),  # [S: KZ]; ID [G]
    "It looks like you were misusing this feature by going too fast. You’ve been blocked from using it.": (
        "It looks like you were misusing this feature by going too fast. You’ve been blocked from using it.",  # [S: USS#45]
        "Sepertinya Anda menyalahgunakan fitur ini karena terlalu cepat. Anda diblokir untuk menggunakannya."),  # [G]
    "We limit how often you can post, comment or do other things in a given amount of time in order to help protect"
    " the community from spam. You can try again later.": (
        "We limit how often you can post, comment or do other things in a given amount of time in order to help"
        " protect the community from spam. You can try again later.",  # [S: facebook-chat-api#847]
        "Kami membatasi seberapa sering Anda bisa memposting, berkomentar, atau melakukan hal lain dalam jangka waktu"
        " tertentu untuk membantu melindungi komunitas dari spam. Anda bisa mencoba lagi nanti."),  # [G]
    # --- the www composer
    "Create a post": ("Create a post", "Buat postingan"),  # region aria-label [S: SN, MP; ID idx:69203930010]
    "What's on your mind, {name}?": ("What's on your mind, {name}?",  # [S: KZA, MP]
                                     "Apa yang Anda pikirkan, {name}?"),  # [S: idx:70695084620, idx:3755735638]
    "Write something to {name}…": ("Write something to {name}…", "Tulis sesuatu untuk {name}…"),  # [G]
    "Create post": ("Create post", "Buat postingan"),  # dialog [S: DB]; ID [I]
    "Public": ("Public", "Publik"),  # [G]
    "Add to your post": ("Add to your post", "Tambahkan ke postingan Anda"),  # [G]
    "Photo/video": ("Photo/video", "Foto/video"),  # aria-label [S: DB, MP; ID idx:70695084620]
    "Add photos/videos": ("Add photos/videos", "Tambahkan foto/video"),  # [G]
    "Next": ("Next", "Berikutnya"),  # [S: idx:36949623803, DB]; ID [S: idx:53711838252]
    "Back": ("Back", "Kembali"),  # [G]
    "Post settings": ("Post settings", "Pengaturan postingan"),  # [S: idx:36949623803]; ID [G]
    "Post audience": ("Post audience", "Pemirsa postingan"),  # [G]
    "Post": ("Post", "Posting"),  # aria-label [S: DB, MP, SN]; ID [S: idx:70695084620, idx:3755735638]
    "Publish": ("Publish", "Publikasikan"),  # [S: DB, SAU]; ID [G] (only under the markup_variant fault)
    "Posting…": ("Posting…", "Memposting…"),  # [G]
    "Uploading…": ("Uploading…", "Mengunggah…"),  # [G]
    "Remove": ("Remove", "Hapus"),  # [G]
    "Your post is now published.": ("Your post is now published.",  # [W: SAU looks for it; wording unverified]
                                    "Postingan Anda sudah dipublikasikan."),  # [G]
    "{name} can't be uploaded. Choose a photo or a video.": (
        "{name} can't be uploaded. Choose a photo or a video.",  # [G]
        "{name} tidak dapat diunggah. Pilih foto atau video."),  # [G]
    "You can add up to {n} photos.": ("You can add up to {n} photos.", "Anda bisa menambahkan hingga {n} foto."),  # [G]
    "You can add only one video to a post.": ("You can add only one video to a post.",  # [G]
                                              "Anda hanya bisa menambahkan satu video ke postingan."),  # [G]
    "Your post is too long.": ("Your post is too long.", "Postingan Anda terlalu panjang."),  # [G]
    "Something went wrong. We're working on getting this fixed as soon as we can.": (
        "Something went wrong. We're working on getting this fixed as soon as we can.",  # [G]
        "Terjadi kesalahan. Kami sedang berupaya memperbaikinya secepat mungkin."),  # [G]
    # --- Meta Business Suite
    "Meta Business Suite": ("Meta Business Suite", "Meta Business Suite"),
    "Post to": ("Post to", "Posting ke"),  # [G]
    "Media": ("Media", "Media"),  # [G]
    "Add photo": ("Add photo", "Tambah foto"),  # [S: idx:53711838252]; ID [G; "Tambah video" is S there]
    "Select adding photos.": ("Select adding photos.", "Pilih untuk menambahkan foto."),  # aria-label [S: idx:53711838252]; ID [G]
    "Text": ("Text", "Teks"),  # [G]
    "Write into the dialogue box to include text with your post.": (
        "Write into the dialogue box to include text with your post.",  # [G]
        "Tulis di kotak dialog untuk menyertakan teks dengan postingan Anda."),  # [G]
    "Scheduling options": ("Scheduling options", "Opsi penjadwalan"),  # [G]
    "Set date and time": ("Set date and time", "Atur tanggal dan waktu"),  # [S: idx:53711838252]; ID [G]
    "Publishing your post": ("Publishing your post", "Memublikasikan postingan Anda"),  # [S: idx:53711838252]; ID [G]
    "Your post has been published.": ("Your post has been published.", "Postingan Anda telah dipublikasikan."),  # [G]
    "Scheduling is not part of this replica: jadwal publishes at the planned time itself.": (
        "Scheduling is not part of this replica: jadwal publishes at the planned time itself.",
        "Penjadwalan tidak termasuk dalam replika ini: jadwal memposting sendiri pada waktu yang direncanakan."),
    # --- timeline and posts
    "{n} followers": ("{n} followers", "{n} pengikut"),  # [S: IBAE "12K followers"]; ID [I]
    "1 follower": ("1 follower", "1 pengikut"),  # [G]; ID [I]
    "Followers": ("Followers", "Pengikut"),  # [G]; ID [I]
    "Posts": ("Posts", "Postingan"),  # [G]
    "No posts yet": ("No posts yet", "Belum ada postingan"),  # [G]
    "See more": ("See more", "Lihat selengkapnya"),  # [S: MW, idx:71267309656; ID idx:70464087299]
    "Like": ("Like", "Suka"),  # aria-label [S: MW]; ID [S: idx:70464087299]
    "Comment": ("Comment", "Komentari"),  # aria-label [S: MW]; ID [W: idx:70464087299 "Komentari sebagai"]
    "Share": ("Share", "Bagikan"),  # aria-label [S: MW]; ID [S: idx:70464087299]
    "All reactions:": ("All reactions:", "Semua reaksi:"),  # [S: MW]; ID [G]
    "{n} comments": ("{n} comments", "{n} komentar"),  # [S: KZ]; ID [S: idx:70464087299]
    "1 comment": ("1 comment", "1 komentar"),  # [S: KZ]; ID [S: idx:70464087299]
    "just now": ("just now", "baru saja"),  # [S: research §3; ID idx:70464087299]
    "{n}m": ("{n}m", "{n} menit"),  # [S: research §3; ID idx:70464087299]
    "{n}h": ("{n}h", "{n} jam"),  # [S: research §3; ID idx:70464087299]
    "{n}d": ("{n}d", "{n} hari"),  # [I; ID idx:70464087299]
    "Yesterday": ("Yesterday", "Kemarin"),  # [S: research §3; ID idx:70464087299]
    "a few seconds ago": ("a few seconds ago", "beberapa detik yang lalu"),  # [G]
    "{n} minutes ago": ("{n} minutes ago", "{n} menit yang lalu"),  # [G]
    "{n} hours ago": ("{n} hours ago", "{n} jam yang lalu"),  # [S: idx:71267309656 "2 hours ago"]; ID [G]
    "{n} days ago": ("{n} days ago", "{n} hari yang lalu"),  # [G]
    # --- comments
    "Comment by {name} {when}": ("Comment by {name} {when}",  # [S: idx:71267309656]
                                 "Komentar oleh {name} {when}"),  # [W: idx:36274464643]
    "Reply by {name} to {other}'s comment {when}": ("Reply by {name} to {other}'s comment {when}",  # [S: idx:71267309656]
                                                   "Balasan oleh {name} untuk komentar {other} {when}"),  # [G]
    "Reply": ("Reply", "Balas"),  # [S: idx:71267309656]; ID [S: idx:70464087299]
    "Most relevant": ("Most relevant", "Paling relevan"),  # [S: idx:71267309656; ID idx:70464087299]
    "Newest": ("Newest", "Terbaru"),  # [S: idx:71267309656]; ID [G]
    "All comments": ("All comments", "Semua komentar"),  # [S: idx:71267309656; ID idx:70464087299]
    "Show the most engaging comments first.": ("Show the most engaging comments first.",  # [G]
                                               "Tampilkan komentar paling menarik terlebih dahulu."),  # [G]
    "Show all comments, with the newest comments first.": (
        "Show all comments, with the newest comments first.",  # [G]
        "Tampilkan semua komentar, dengan komentar terbaru di atas."),  # [G]
    "Show all comments, including potential spam.": ("Show all comments, including potential spam.",  # [G]
                                                     "Tampilkan semua komentar, termasuk yang mungkin spam."),  # [G]
    "View more comments": ("View more comments", "Lihat komentar lainnya"),  # [S: idx:71267309656; ID idx:70464087299]
    "View 1 reply": ("View 1 reply", "Lihat 1 balasan"),  # [S: idx:36274464643]; ID [I]
    "View all {n} replies": ("View all {n} replies", "Lihat semua {n} balasan"),  # [S: idx:71267309656]; ID [I]
    "Comment as {name}": ("Comment as {name}", "Komentari sebagai {name}"),  # [S: idx:10885265598; ID idx:70464087299]
    "Reply to {name}": ("Reply to {name}", "Balas {name}"),  # [S: idx:58462957571]; ID [G]
    "Post comment": ("Post comment", "Kirim komentar"),  # aria-label [S: idx:54534208923]; ID [G]
    "Couldn't post your comment. Try again.": ("Couldn't post your comment. Try again.",  # [G]
                                               "Tidak dapat memposting komentar Anda. Coba lagi."),  # [G]
    # --- not found
    "Sorry, this content isn't available right now": (
        "Sorry, this content isn't available right now",  # [S: KZ, KT]
        "Maaf, konten ini tidak tersedia saat ini"),  # [G]
    "The link you followed may be broken, or the page may have been removed.": (
        "The link you followed may be broken, or the page may have been removed.",  # [G]
        "Tautan yang Anda ikuti mungkin rusak, atau halaman mungkin telah dihapus."),  # [G]
    "Go to News Feed": ("Go to News Feed", "Buka Kabar Beranda"),  # [G]
})
