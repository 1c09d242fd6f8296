"""The Instagram replica's UI text, English and Indonesian, from /work/research/instagram.md.

Tags as in the research: [S] sourced (the exact string appears in code or docs written against the
live site), [W] weakly sourced (one source, a clone, a candidate list), [G] a guess with no source.
An adapter must not trust a [G] string more than the replica does: match by role, label pattern
or attribute first. Keys are the English text.
"""

from __future__ import annotations

from scheduler.sandbox.replicas.base import Texts

TEXTS = Texts({
    # --- shell and navigation
    "Instagram": ("Instagram", "Instagram"),
    "Home": ("Home", "Beranda"),  # aria-label [S: INSTAUTO-I34, OCTO]; ID [G]
    "Search": ("Search", "Cari"),  # [S: SOCIAL]; ID [G]
    "New post": ("New post", "Postingan baru"),  # svg aria-label [S: UDAY, REEL26]; ID [S: ID-PUP]
    "Create": ("Create", "Buat"),  # nav text [S: UDAY]; ID [W: ID-TS, ID-PY]
    "Post": ("Post", "Postingan"),  # create menu item [S: REEL26]; ID [W: ID-TS]
    "Live video": ("Live video", "Video siaran langsung"),  # menu item [G]
    "Profile": ("Profile", "Profil"),  # [G]
    "Log out": ("Log out", "Keluar"),  # [G]
    "Language": ("Language", "Bahasa"),  # [G]
    "Switch Display Language": ("Switch Display Language", "Ganti Bahasa Tampilan"),  # footer select [G]
    "Save": ("Save", "Simpan"),  # [G]
    "Close": ("Close", "Tutup"),  # svg aria-label [S: INSTAUTO d391b48]; ID [S: ID-PUP, ID-CLONE]
    "Sorry, this page isn't available.": ("Sorry, this page isn't available.",  # [S: OCTO, PWBOT]
                                          "Maaf, halaman ini tidak tersedia."),  # [G]
    "The link you followed may be broken, or the page may have been removed.": (
        "The link you followed may be broken, or the page may have been removed.",  # [G]
        "Tautan yang Anda ikuti mungkin rusak, atau halaman mungkin sudah dihapus."),  # [G]
    "Go back to Instagram.": ("Go back to Instagram.", "Kembali ke Instagram."),  # [G]
    # --- login
    "Phone number, username, or email": ("Phone number, username, or email",  # [S: CRAWL109, COOKIEBTN]
                                         "Nomor telepon, nama pengguna, atau email"),  # [W: ID-CLONE]
    "Password": ("Password", "Kata sandi"),  # [S: CRAWL109]; ID [W: ID-CLONE]
    "Log in": ("Log in", "Masuk"),  # [S: INSTAUTO 8cf247d]; ID [W: ID-CLONE]
    "OR": ("OR", "ATAU"),  # [G]
    "Log in with Facebook": ("Log in with Facebook", "Masuk dengan Facebook"),  # EN [G]; ID [W: ID-CLONE]
    "Forgot password?": ("Forgot password?", "Lupa kata sandi?"),  # EN [G]; ID [W: ID-CLONE]
    "Don't have an account?": ("Don't have an account?", "Tidak punya akun?"),  # EN [G]; ID [W: ID-CLONE]
    "Sign up": ("Sign up", "Daftar"),  # [G]
    "Sorry, your password was incorrect. Please double-check your password.": (
        "Sorry, your password was incorrect. Please double-check your password.",  # [W: CMT26, first sentence]
        "Maaf, kata sandi Anda salah. Harap periksa kembali kata sandi Anda."),  # [G]
    "The username you entered doesn't belong to an account. Please check your username and try again.": (
        "The username you entered doesn't belong to an account. Please check your username and try again.",  # [G]
        "Nama pengguna yang Anda masukkan bukan milik akun. Periksa nama pengguna Anda dan coba lagi."),  # [G]
    "Your session has expired. Please log in again.": ("Your session has expired. Please log in again.",  # [G]
                                                       "Sesi Anda telah berakhir. Silakan masuk lagi."),  # [G]
    # --- dialogs after login
    "Save your login info?": ("Save your login info?", "Simpan info login Anda?"),  # EN [S: UDAY]; ID [G]
    "We can save your login info on this browser so you don't need to enter it again.": (
        "We can save your login info on this browser so you don't need to enter it again.",  # [G]
        "Kami dapat menyimpan info login Anda di browser ini agar Anda tidak perlu memasukkannya lagi."),  # [G]
    "Save info": ("Save info", "Simpan info"),  # [S: INSTAUTO 7219d0b]; ID [G]
    "Not now": ("Not now", "Lain kali"),  # [S: UDAY]; ID [G: one of ID-TS/ID-PY's candidates]
    "Turn on Notifications": ("Turn on Notifications", "Aktifkan Notifikasi"),  # [S: INSTAPY-X]; ID [G]
    "Know right away when people follow you or like and comment on your photos.": (
        "Know right away when people follow you or like and comment on your photos.",  # [G]
        "Ketahui segera saat orang mengikuti Anda atau menyukai dan mengomentari foto Anda."),  # [G]
    "Turn On": ("Turn On", "Aktifkan"),  # [G]
    "Not Now": ("Not Now", "Lain Kali"),  # [S: INSTAPY-X dismiss_notification_offer]; ID [W: ID-TS]
    "Allow the use of cookies from Instagram on this browser?": (
        "Allow the use of cookies from Instagram on this browser?",  # [G]
        "Izinkan penggunaan cookie dari Instagram di browser ini?"),  # [G]
    "We use cookies to help personalise content, provide safer experiences and improve Instagram.": (
        "We use cookies to help personalise content, provide safer experiences and improve Instagram.",  # [G]
        "Kami menggunakan cookie untuk membantu mempersonalisasi konten, memberikan pengalaman yang lebih aman,"
        " dan meningkatkan Instagram."),  # [G]
    "Allow all cookies": ("Allow all cookies", "Izinkan semua cookie"),  # [S: COOKIEBTN, SOCIAL]; ID [G]
    "Decline optional cookies": ("Decline optional cookies",  # [S: SOCIAL, CMT26]
                                 "Tolak cookie opsional"),  # [G]
    # --- checkpoints
    "Help us confirm it's you": ("Help us confirm it's you", "Bantu kami memastikan bahwa ini Anda"),  # [G]
    "Suspicious Login Attempt": ("Suspicious Login Attempt", "Upaya Login yang Mencurigakan"),  # [S: INSTAPY-X]; ID [G]
    "We detected an unusual login attempt. To secure your account, we'll send you a security code.": (
        "We detected an unusual login attempt. To secure your account, we'll send you a security code.",  # [G]
        "Kami mendeteksi upaya login yang tidak biasa. Untuk mengamankan akun Anda, kami akan mengirimkan kode"
        " keamanan."),  # [G]
    "Send Security Code": ("Send Security Code", "Kirim Kode Keamanan"),  # [S: INSTAPY-X]; ID [G]
    "Security code": ("Security code", "Kode keamanan"),  # [G]
    "Submit": ("Submit", "Kirim"),  # [S: INSTAPY-X]; ID [G]
    "This Was Me": ("This Was Me", "Ini Saya"),  # [S: INSTAPY-X]; ID [G]
    "Please check the code we sent you and try again.": (
        "Please check the code we sent you and try again.",  # [S: INSTAPY-X]
        "Periksa kode yang kami kirimkan dan coba lagi."),  # [G]
    "Confirm you're human": ("Confirm you're human", "Konfirmasikan bahwa Anda manusia"),  # [G]
    "Type the characters you see in the picture to continue.": (
        "Type the characters you see in the picture to continue.",  # [G]
        "Ketik karakter yang Anda lihat di gambar untuk melanjutkan."),  # [G]
    "Continue": ("Continue", "Lanjutkan"),  # [G]
    "Enter confirmation code": ("Enter confirmation code", "Masukkan kode konfirmasi"),  # [G]
    "Enter the 6-digit code we sent to your phone.": (
        "Enter the 6-digit code we sent to your phone.",  # [G, research: wording unknown]
        "Masukkan kode 6 digit yang kami kirim ke ponsel Anda."),  # [G]
    "Confirm": ("Confirm", "Konfirmasi"),  # [S: INSTAPY-L]; ID [G]
    "Your account has been suspended": ("Your account has been suspended",  # [G; URL /accounts/suspended/ S]
                                        "Akun Anda telah ditangguhkan"),  # [G]
    "You can't use Instagram right now. Log in on the app to learn more and appeal.": (
        "You can't use Instagram right now. Log in on the app to learn more and appeal.",  # [G]
        "Anda tidak dapat menggunakan Instagram saat ini. Masuk di aplikasi untuk mempelajari lebih lanjut dan"
        " mengajukan banding."),  # [G]
    "Action Blocked": ("Action Blocked", "Tindakan Diblokir"),  # [S: INSTAUTO isActionBlocked]; ID [G]
    "Try Again Later": ("Try Again Later", "Coba Lagi Nanti"),  # [S: SIB202]; ID [G]
    "We restrict certain activity to protect our community.": (
        "We restrict certain activity to protect our community.",  # [S: SIB202]
        "Kami membatasi aktivitas tertentu untuk melindungi komunitas kami."),  # [G]
    "Tell us if you think we made a mistake.": ("Tell us if you think we made a mistake.",  # [G]
                                                "Beri tahu kami jika menurut Anda kami melakukan kesalahan."),  # [G]
    "OK": ("OK", "OK"),  # [S: REEL26]; ID [W: "OK"/"Oke", ID-PY]
    # --- create flow
    "Create new post": ("Create new post", "Buat postingan baru"),  # [S: UDAY, EN-CLONE]; ID [W: ID-CLONE]
    "Drag photos and videos here": ("Drag photos and videos here",  # [S: UDAY]
                                    "Seret foto dan video di sini"),  # [G]
    "Select from computer": ("Select from computer", "Pilih dari komputer"),  # [S: REEL26]; ID [W: ID-PUP]
    "This file is not supported": ("This file is not supported", "File ini tidak didukung"),  # [G]
    "{name} could not be uploaded.": ("{name} could not be uploaded.", "{name} tidak dapat diunggah."),  # [G]
    "Select other files": ("Select other files", "Pilih file lain"),  # [G]
    "You can only choose {n} or fewer files.": ("You can only choose {n} or fewer files.",  # [G]
                                                "Anda hanya dapat memilih {n} file atau kurang."),  # [G]
    "Video posts are now shared as reels": ("Video posts are now shared as reels",  # [S: REEL26]
                                            "Postingan video kini dibagikan sebagai reel"),  # [W: ID-TS comment]
    "Video posts are now shared as reels. Your reel may be shown to more people.": (
        "Video posts are now shared as reels. Your reel may be shown to more people.",  # [G after the heading]
        "Postingan video kini dibagikan sebagai reel. Reel Anda mungkin ditampilkan ke lebih banyak orang."),  # [G]
    "Crop": ("Crop", "Pangkas"),  # [S: REEL26]; ID [G]
    "Select crop": ("Select crop", "Pilih pangkas"),  # [S: REEL26]; ID [G]
    "Original": ("Original", "Asli"),  # [S: REEL26]; ID [G]
    "Open media gallery": ("Open media gallery", "Buka galeri media"),  # [G]
    "Back": ("Back", "Kembali"),  # [G]
    "Next": ("Next", "Selanjutnya"),  # [S: UDAY]; ID [S: ID-PUP]
    "Edit": ("Edit", "Edit"),  # [S: UDAY]; ID [G: same word]
    "Filters": ("Filters", "Filter"),  # [G]
    "Adjustments": ("Adjustments", "Penyesuaian"),  # [G]
    "Write a caption...": ("Write a caption...", "Tulis keterangan..."),  # [S: UDAY]; ID [S: ID-PUP]
    "Add location": ("Add location", "Tambahkan lokasi"),  # EN [S: PWBOT "Add Location"]; ID [G]
    "Accessibility": ("Accessibility", "Aksesibilitas"),  # [S: SOCIAL]; ID [G]
    "Alt text describes your photos for people with visual impairments.": (
        "Alt text describes your photos for people with visual impairments.",  # [G]
        "Teks alternatif menjelaskan foto Anda bagi orang dengan gangguan penglihatan."),  # [G]
    "Write alt text...": ("Write alt text...", "Tulis teks alternatif..."),  # [G]
    "Advanced settings": ("Advanced settings", "Pengaturan lanjutan"),  # [S: SOCIAL]; ID [G]
    "Hide like and view counts on this post": ("Hide like and view counts on this post",  # [G]
                                               "Sembunyikan jumlah suka dan tayangan di postingan ini"),  # [G]
    "Turn off commenting": ("Turn off commenting", "Nonaktifkan komentar"),  # [G]
    "Share": ("Share", "Bagikan"),  # [S: UDAY]; ID [S: ID-PUP]
    "Publish": ("Publish", "Terbitkan"),  # not Instagram's: the markup_variant "broken" fault's rename
    "Sharing": ("Sharing", "Membagikan"),  # [G]
    "Post shared": ("Post shared", "Postingan dibagikan"),  # [S: UDAY]; ID [G]
    "Reel shared": ("Reel shared", "Reel dibagikan"),  # [S: REEL26]; ID [G]
    "Your post has been shared.": ("Your post has been shared.",  # [S: PWBOT]
                                   "Postingan Anda telah dibagikan."),  # [G: ID-TS candidate]
    "Your reel has been shared.": ("Your reel has been shared.",  # [S: REEL26]
                                   "Reel Anda telah dibagikan."),  # [G: ID-TS candidate]
    "Animated checkmark": ("Animated checkmark", "Tanda centang beranimasi"),  # img alt [W]; ID [G]
    "Post couldn't be shared": ("Post couldn't be shared", "Postingan tidak dapat dibagikan"),  # [S: REEL26]; ID [G]
    "Something went wrong. Please try again.": ("Something went wrong. Please try again.",  # [G]
                                                "Terjadi kesalahan. Silakan coba lagi."),  # [G]
    "Try again": ("Try again", "Coba lagi"),  # [G]
    "New reel": ("New reel", "Reel baru"),  # [S: REEL26]; ID [G]
    "Discard post?": ("Discard post?", "Buang postingan?"),  # [W: EN-CLONE]; ID [G]
    "If you leave, your edits won't be saved.": ("If you leave, your edits won't be saved.",  # [W: EN-CLONE]
                                                 "Jika Anda keluar, editan Anda tidak akan disimpan."),  # [G]
    "Discard": ("Discard", "Buang"),  # [W: EN-CLONE]; ID [G]
    "Cancel": ("Cancel", "Batal"),  # [W: EN-CLONE]; ID [W: ID-TS]
    # --- profile
    "{n} posts": ("{n} posts", "{n} postingan"),  # [G]
    "followers": ("followers", "pengikut"),  # [S: OGDESC "Followers"]; ID [G]
    "following": ("following", "mengikuti"),  # [G]
    "Followers": ("Followers", "Pengikut"),  # [S: OGDESC]; ID [G]
    "Edit profile": ("Edit profile", "Edit profil"),  # [W: REEL26]; ID [G]
    "Posts": ("Posts", "Postingan"),  # [G]
    "No posts yet": ("No posts yet", "Belum ada postingan"),  # [G]
    "{followers} Followers, {following} Following, {posts} Posts - See Instagram photos and videos from {name}"
    " (@{handle})": (
        "{followers} Followers, {following} Following, {posts} Posts - See Instagram photos and videos from {name}"
        " (@{handle})",  # [S: OGDESC]
        "{followers} Pengikut, {following} Mengikuti, {posts} Postingan - Lihat foto dan video Instagram dari"
        " {name} (@{handle})"),  # [G]
    # --- post page and comments
    "Like": ("Like", "Suka"),  # [S: INSTAUTO, INSTAPY-X]; ID [S: ID-LIKE]
    "Unlike": ("Unlike", "Tidak Suka"),  # [S]; ID [S: ID-LIKE]
    "Comment": ("Comment", "Komentar"),  # [S: INSTAPY-X]; ID [S: ID-LIKE]
    "{n} likes": ("{n} likes", "{n} suka"),  # [S: INSTAPY-X likers]; ID [W]
    "1 like": ("1 like", "1 suka"),  # [G]
    "Be the first to like this": ("Be the first to like this", "Jadilah yang pertama menyukai ini"),  # [G]
    "Liked by": ("Liked by", "Disukai oleh"),  # [G]
    "Add a comment…": ("Add a comment…", "Tambahkan komentar…"),  # [S: WAND3, INSTAPY-X]; ID [S: ID-COMMENT]
    "Post (comment)": ("Post", "Kirim"),  # comment button [S: PWBOT, SOCIAL]; ID [G]
    "Reply": ("Reply", "Balas"),  # [G]; ID [W: ID-CMT]
    "View replies ({n})": ("View replies ({n})", "Lihat balasan ({n})"),  # [W: ID-CMT]
    "Hide replies": ("Hide replies", "Sembunyikan balasan"),  # [W: ID-CMT]; ID [G]
    "Load more comments": ("Load more comments", "Muat komentar lainnya"),  # [W: ID-CMT, INSTAPY-X]; ID [G]
    "Comments on this post have been limited.": ("Comments on this post have been limited.",  # [G]
                                                 "Komentar di postingan ini telah dibatasi."),  # [G]
    "Couldn't post comment.": ("Couldn't post comment.", "Tidak dapat memposting komentar."),  # [G]
    "Photo by {handle} on {date}": ("Photo by {handle} on {date}", "Foto oleh {handle} pada {date}"),  # [G]
    "Go back": ("Go back", "Kembali"),  # carousel [G]
    "More options": ("More options", "Opsi lainnya"),  # [G]
    "English": ("English", "English"),
    "Bahasa Indonesia": ("Bahasa Indonesia", "Bahasa Indonesia"),
})
