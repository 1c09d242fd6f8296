"""The sandbox: a small real social site (Flask + SQLite) that jadwal's demo and tests publish to.

See `server.SandboxServer` to run it in-process and `app.create_app` for the app itself.
"""
