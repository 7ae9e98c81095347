// Removes dist/ before a build, so a renamed or deleted source (a migration, say) leaves no stale
// compiled file behind for the runtime to pick up.
import fs from 'node:fs';

fs.rmSync('dist', { recursive: true, force: true });
