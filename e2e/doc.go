// Package e2e holds the browser tests: they boot passerelle in-process with the demo
// workspace on a temporary SQLite database and drive Debian's Chromium with chromedp.
// Without a chromium binary they skip, unless CI=true or PASSERELLE_E2E=1.
package e2e
