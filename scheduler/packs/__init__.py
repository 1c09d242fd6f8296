"""Platform packs: what an adapter knows about its site, as versioned data a user can repair.

Per platform, `data/<platform>.toml` (checked by `schema.json`) holds the
locators of each step with ordered fallbacks and their labels in the UI
languages, checkpoint signatures, dialogs to dismiss, the platform's limits
with a source each, pacing, and the day it was last checked. Adapters read
locators from the pack (`Pack.locate`), the rules read its limits, the daemon
its pacing. A user's pack in a folder named by the plan (`packs = "..."`) or
by `JADWAL_PACKS` is merged over the built-in one (`scheduler.packs.load`).
"""

from scheduler.packs.flow import Located, recording, step
from scheduler.packs.pack import Pack, pack_for, pack_of

__all__ = ["Located", "Pack", "pack_for", "pack_of", "recording", "step"]
