"""The TikTok replica's UI text, English and Indonesian, from /work/research/tiktok.md.

Tags as in the Instagram replica: [S] sourced (the exact string appears in code, an issue or docs
written against the live site), [W] weakly sourced (one unnamed hit, a truncated quote, a regex that
only implies it), [G] a guess with no source. Short names are the research's: TU
wkaisertexas/tiktok-uploader (and its issues, TU#238 ...), SAU dreammis/social-auto-upload, HZ
haziq-exe/TikTokAutoUploader, MAKI makiisthenes/TiktokAutoUploader, CAP gbiz123/tiktok-captcha-solver,
CS cubernetes/TikTokCommentScraper, KK/KV the scrapers, DL delon619/tiktok-auto (the one source of
Indonesian UI text), UPTIK tymon5368/uptik, SSK SyntaxSparkk/TikTok, TT546 546200350/TikTokUploder.
Most Indonesian strings are guesses: an adapter must match `data-e2e`, `data-tt`, `name`, `type`
and roles first, text last. Keys are the English text.
"""

from __future__ import annotations

from scheduler.sandbox.replicas.base import Texts

TEXTS = Texts({
    # --- shell and navigation
    "TikTok": ("TikTok", "TikTok"),
    "For You": ("For You", "Untuk Anda"),  # [G]
    "Upload": ("Upload", "Unggah"),  # [S: research §2 table]; ID [G]
    "Profile": ("Profile", "Profil"),  # [G]
    "More": ("More", "Lainnya"),  # the nav-more-menu button [S: SAU data-e2e]; its text [G]
    "Language": ("Language", "Bahasa"),  # [G]
    "English (US)": ("English (US)", "English (US)"),  # [S: SAU change_language]
    "Bahasa Indonesia": ("Bahasa Indonesia", "Bahasa Indonesia"),  # [G]
    "Save": ("Save", "Simpan"),  # [G]
    "Log out": ("Log out", "Keluar"),  # [G]
    "No videos yet": ("No videos yet", "Belum ada video"),  # [G]
    "Couldn't find this account": ("Couldn't find this account", "Tidak dapat menemukan akun ini"),  # [G]
    "Video currently unavailable": ("Video currently unavailable", "Video saat ini tidak tersedia"),  # [G]
    "Page not available": ("Page not available", "Halaman tidak tersedia"),  # [G]
    "Go to For You": ("Go to For You", "Buka Untuk Anda"),  # [G]
    # --- cookie banner (a <tiktok-cookie-banner> with an open shadow root, Decline first [S: TU d24a800])
    "We use cookies to provide and improve our services.": (
        "We use cookies to provide and improve our services.",  # [G]
        "Kami menggunakan cookie untuk menyediakan dan meningkatkan layanan kami."),  # [G]
    "Decline optional cookies": ("Decline optional cookies", "Tolak cookie opsional"),  # [G] (research: not found)
    "Allow all": ("Allow all", "Izinkan semua"),  # [W: an unnamed Crawlee actor]; ID [G]
    # --- login
    "Log in to TikTok": ("Log in to TikTok", "Masuk ke TikTok"),  # [G]
    "Use QR code": ("Use QR code", "Gunakan kode QR"),  # [G] (/login/qr [S: cstudio-web])
    "Use phone / email / username": ("Use phone / email / username",  # [G]
                                     "Gunakan telepon/email/nama pengguna"),  # [G]
    "Log in": ("Log in", "Masuk"),  # [S: TU login_button text, data-e2e="login-button"]; ID [G]
    "Email or username": ("Email or username", "Email atau nama pengguna"),  # [W: find_string 58937413286]; ID [G]
    "Password": ("Password", "Kata sandi"),  # placeholder [S: TU]; ID [G]
    "Forgot password?": ("Forgot password?", "Lupa kata sandi?"),  # [G]
    "Log in with phone": ("Log in with phone", "Masuk dengan telepon"),  # [G]
    "Don't have an account?": ("Don't have an account?", "Belum punya akun?"),  # [G]
    "Sign up": ("Sign up", "Daftar"),  # [G]
    "Scan the QR code with the TikTok app to log in. (Not available in this replica.)": (
        "Scan the QR code with the TikTok app to log in. (Not available in this replica.)",  # [G]
        "Pindai kode QR dengan aplikasi TikTok untuk masuk. (Tidak tersedia di replika ini.)"),  # [G]
    "Account or password is incorrect": ("Account or password is incorrect",  # [G]
                                         "Akun atau kata sandi salah"),  # [G]
    "Too many attempts. Try again later.": ("Too many attempts. Try again later.",  # [S: MAKI#12]
                                            "Terlalu banyak percobaan. Coba lagi nanti."),  # [G]
    "Maximum number of attempts reached. Try again later.": (
        "Maximum number of attempts reached. Try again later.",  # [S: SSK#14, SSK#31]
        "Jumlah percobaan maksimum tercapai. Coba lagi nanti."),  # [G]
    # --- captcha and two-step verification
    "Verify to continue:": ("Verify to continue:", "Verifikasi untuk melanjutkan:"),  # [W: find_string 66741157709]; ID [G]
    "Drag the slider to fit the puzzle": ("Drag the slider to fit the puzzle",  # [S: HZ; multi 29446009528]
                                          "Seret penggeser untuk menyesuaikan puzzle"),  # [G]
    "Drag the puzzle piece into place": ("Drag the puzzle piece into place",  # [W: find_string 71228590199]
                                         "Seret kepingan puzzle ke tempatnya"),  # [G]
    "Select 2 objects that are the same shape:": ("Select 2 objects that are the same shape:",  # [S: HZ; multi]
                                                  "Pilih 2 objek yang bentuknya sama:"),  # [G]
    "Refresh": ("Refresh", "Muat ulang"),  # span.secsdk_captcha_refresh--text [S: HZ]; text and ID [G]
    "Confirm": ("Confirm", "Konfirmasi"),  # .verify-captcha-submit-button [S: CAP]; text [G]
    "Verification complete": ("Verification complete", "Verifikasi selesai"),  # [S: CAP]; ID [G]
    "Verification failed. Please try again.": ("Verification failed. Please try again.",  # [G]
                                               "Verifikasi gagal. Silakan coba lagi."),  # [G]
    "Enter 6-digit code": ("Enter 6-digit code", "Masukkan kode 6 digit"),  # [G] (research: not sourced)
    "We sent a code to your email. It expires in 5 minutes.": (
        "We sent a code to your email. It expires in 5 minutes.",  # [G] (an email code: Loukious#33)
        "Kami telah mengirim kode ke email Anda. Kode berlaku selama 5 menit."),  # [G]
    "Next": ("Next", "Berikutnya"),  # [G]
    "The code is incorrect. Try again.": ("The code is incorrect. Try again.",  # [G]
                                          "Kode salah. Coba lagi."),  # [G]
    # --- TikTok Studio: upload
    "TikTok Studio": ("TikTok Studio", "TikTok Studio"),
    "Posts": ("Posts", "Postingan"),  # the sidebar item [S: DL excludes "Postingan" from Post]
    "Select video to upload": ("Select video to upload", "Pilih video untuk diunggah"),  # [G]
    "Or drag and drop it here": ("Or drag and drop it here", "Atau tarik dan lepas di sini"),  # [G]
    "Select video": ("Select video", "Pilih video"),  # [S: SAU]; ID [S: DL]
    "Uploading": ("Uploading", "Mengunggah"),  # [G]
    "Uploaded": ("Uploaded", "Diunggah"),  # [S: uptik PR #9]; ID [G]
    "Processing": ("Processing", "Memproses"),  # [G]
    "Description": ("Description", "Deskripsi"),  # [G] (historically "Caption")
    "Cover": ("Cover", "Sampul"),  # [G]
    "Edit cover": ("Edit cover", "Edit sampul"),  # [S: TU 2025-07-23, MP]; ID [G]
    "Settings": ("Settings", "Pengaturan"),  # [G]
    "Who can watch this video": ("Who can watch this video",  # [S: TU _set_visibility]
                                 "Siapa yang dapat menonton video ini"),  # [G]
    "Everyone": ("Everyone", "Semua orang"),  # [S: TU]; ID [G]
    "Friends": ("Friends", "Teman"),  # [S: TU]; ID [G]
    "Only you": ("Only you", "Hanya kamu"),  # [S: TU]; ID [G]
    "Show more": ("Show more", "Tampilkan lainnya"),  # [W: research "Show more/See more"]; ID [G]
    "Show less": ("Show less", "Tampilkan lebih sedikit"),  # [G]
    "Allow users to:": ("Allow users to:", "Izinkan pengguna untuk:"),  # [G]
    "Allow comment": ("Allow comment", "Izinkan komentar"),  # [W: TU label "Comment"; research step 6]; ID [G]
    "Run a copyright check": ("Run a copyright check", "Jalankan pemeriksaan hak cipta"),  # [G]
    "Checking...": ("Checking...", "Memeriksa..."),  # [S: uptik PR #9]; ID [G]
    "No issues found.": ("No issues found.", "Tidak ada masalah yang ditemukan."),  # [S: HZ]; ID [G]
    "Post": ("Post", "Posting"),  # [S: TU, HZ]; ID [S: DL]
    "Discard": ("Discard", "Buang"),  # [G] (research: not sourced)
    "Discard this post?": ("Discard this post?", "Buang postingan ini?"),  # [G]
    "The video and all edits will be discarded.": ("The video and all edits will be discarded.",  # [G]
                                                   "Video dan semua editan akan dibuang."),  # [G]
    "Continue editing": ("Continue editing", "Lanjutkan mengedit"),  # [G]
    "Unsupported file. Select a video file.": ("Unsupported file. Select a video file.",  # [G]
                                               "File tidak didukung. Pilih file video."),  # [G]
    "This video is too large.": ("This video is too large.", "Video ini terlalu besar."),  # [G]
    "Replace": ("Replace", "Ganti"),  # [G]
    # --- interrupting dialogs on the upload page
    "New editing features added": ("New editing features added",  # [S: TU#238]
                                   "Fitur pengeditan baru ditambahkan"),  # [G]
    "Edit your videos in the split screen before you post.": (
        "Edit your videos in the split screen before you post.",  # [G] (a "split window" [S: TU])
        "Edit video Anda di layar terpisah sebelum memposting."),  # [G]
    "Try it": ("Try it", "Coba"),  # [G]
    "Not now": ("Not now", "Jangan sekarang"),  # [S: TU 2023-10-29]; ID [G]
    "Your posts and drafts are now in TikTok Studio.": ("Your posts and drafts are now in TikTok Studio.",  # [G]
                                                        "Postingan dan draf Anda kini ada di TikTok Studio."),  # [G]
    "Got it": ("Got it", "Mengerti"),  # [S: TU PR #235, HZ]; ID [S: DL]
    "Turn on automatic content checks?": ("Turn on automatic content checks?",  # [S: TU PR #236, HZ]
                                          "Aktifkan pemeriksaan konten otomatis?"),  # [G]
    "We'll automatically check if your video has any unoriginal or restricted content before you post.": (
        "We'll automatically check if your video has any unoriginal or restricted content before you post.",
        # [W: "We'll automatically check if your video has any u…" in TU#239; the rest a guess]
        "Kami akan otomatis memeriksa apakah video Anda berisi konten yang tidak orisinal atau dibatasi "
        "sebelum Anda memposting."),  # [G]
    "Cancel": ("Cancel", "Batal"),  # [S: HZ, TU PR #236]; ID [G]
    "Turn on": ("Turn on", "Aktifkan"),  # [G]
    "Continue to post?": ("Continue to post?", "Lanjutkan memposting?"),  # [S: TU 71a5736]; ID [G]
    "The content check is still running. You can post now and we'll let you know if we find issues.": (
        "The content check is still running. You can post now and we'll let you know if we find issues.",  # [G]
        "Pemeriksaan konten masih berjalan. Anda dapat memposting sekarang dan kami akan memberi tahu Anda "
        "jika ada masalah."),  # [G]
    "Post now": ("Post now", "Posting sekarang"),  # [S: TU 71a5736, HZ]; ID [G]
    "Content may be restricted": ("Content may be restricted", "Konten mungkin dibatasi"),  # [S: uptik PR #13]; ID [G]
    "This video may be unoriginal or low quality, so it may not be recommended in For You.": (
        "This video may be unoriginal or low quality, so it may not be recommended in For You.",
        # [W: uptik PR #13 "unoriginal or low quality"; the sentence a guess]
        "Video ini mungkin tidak orisinal atau berkualitas rendah, sehingga mungkin tidak direkomendasikan di "
        "Untuk Anda."),  # [G]
    "Close": ("Close", "Tutup"),  # [G]; ID [S: DL]
    "Leaving the page does not interrupt the posting process.": (
        "Leaving the page does not interrupt the posting process.",  # [W: HZ "Leaving the page does not interrupt…"]
        "Meninggalkan halaman tidak mengganggu proses posting."),  # [G]
    "Video published": ("Video published", "Video dipublikasikan"),  # [S: TU PR #204]; ID [G]
    "Something went wrong. You can try again or replace it with a different video.": (
        "Something went wrong. You can try again or replace it with a different video.",  # [S: TU#238]
        "Terjadi kesalahan. Anda dapat mencoba lagi atau menggantinya dengan video lain."),  # [G]
    "Too many uploading attempts. Try again later.": ("Too many uploading attempts. Try again later.",  # [S: TU#158]
                                                      "Terlalu banyak percobaan mengunggah. Coba lagi nanti."),  # [G]
    "You are posting too fast. Take a rest.": ("You are posting too fast. Take a rest.",  # [S: TT546#74]
                                               "Anda memposting terlalu cepat. Istirahatlah."),  # [G]
    # --- TikTok Studio: content list
    "Manage your posts": ("Manage your posts", "Kelola postingan Anda"),  # [W: TU PR-branch commits only]; ID [G]
    "Drafts": ("Drafts", "Draf"),  # ?tab=draft [S: HZ]; text [G]
    "No drafts": ("No drafts", "Tidak ada draf"),  # [G]
    "Views": ("Views", "Tayangan"),  # [G]
    "Comments": ("Comments", "Komentar"),  # [G]
    # --- profile
    "Following": ("Following", "Mengikuti"),  # [S: KK data-e2e, research §2 table]; ID [G]
    "Followers": ("Followers", "Pengikut"),  # [S]; ID [G]
    "Likes": ("Likes", "Suka"),  # [S]; ID [G]
    "Videos": ("Videos", "Video"),  # [G]
    "Edit profile": ("Edit profile", "Edit profil"),  # [G]
    # --- a video and its comments
    "Add comment...": ("Add comment...", "Tambahkan komentar..."),  # [S: research "Add comment…"]; ID [G]
    "Reply": ("Reply", "Balas"),  # [S: comment-reply-1 text, multi 37979608743]; ID [G]
    "View 1 reply": ("View 1 reply", "Lihat 1 balasan"),  # [W: CS "View" + count]; ID [G]
    "View {n} replies": ("View {n} replies", "Lihat {n} balasan"),  # [W: research regex /View \d+ repl/]; ID [G]
    "View more": ("View more", "Lihat lainnya"),  # [W: research regex /View more/]; ID [G]
    "Hide": ("Hide", "Sembunyikan"),  # [S: CS]; ID [G]
    "Replying to {name}": ("Replying to {name}", "Membalas {name}"),  # [G]
    "Creator": ("Creator", "Kreator"),  # [G]
    "Comments are turned off": ("Comments are turned off", "Komentar dinonaktifkan"),  # [G]
    "Be the first to comment!": ("Be the first to comment!", "Jadilah yang pertama berkomentar!"),  # [G]
    "Couldn't post comment": ("Couldn't post comment", "Tidak dapat memposting komentar"),  # [G]
    "Log in to comment": ("Log in to comment", "Masuk untuk berkomentar"),  # [G]
    "{n}s ago": ("{n}s ago", "{n} dtk yang lalu"),  # [W: "2d ago" in multi 41632401892]; ID [G]
    "{n}m ago": ("{n}m ago", "{n} mnt yang lalu"),  # [W]; ID [G]
    "{n}h ago": ("{n}h ago", "{n} j yang lalu"),  # [W]; ID [G]
    "{n}d ago": ("{n}d ago", "{n} h yang lalu"),  # [W]; ID [G]
})
