package web

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestAuditActionsTranslated: every action and entity the store writes in the audit log
// has its name in both catalogues. "plan" (a mission's programme), "cancel" (a job) and
// "not_duplicate" had none, so the log and the dashboard showed "audit.action.plan".
func TestAuditActionsTranslated(t *testing.T) {
	files, err := filepath.Glob("../store/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("store sources: %v", err)
	}
	call := regexp.MustCompile(`writeAudit\(ctx, tx, [A-Za-z.]+, ("[a-z_]+"|[a-zA-Z]+), "([a-z_]+)"`)
	assigned := regexp.MustCompile(`\baction :?= "([a-z_]+)"`)
	keys := map[string]bool{"audit.action.visibility": true}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(b), -1) {
			if m[1][0] == '"' {
				keys["audit.action."+m[1][1:len(m[1])-1]] = true
			}
			keys["entity."+m[2]] = true
		}
		for _, m := range assigned.FindAllStringSubmatch(string(b), -1) {
			keys["audit.action."+m[1]] = true
		}
	}
	if len(keys) < 30 {
		t.Fatalf("only %d actions and entities found: the pattern is stale", len(keys))
	}
	for k := range keys {
		for lang, cat := range catalogues {
			if _, ok := cat[k]; !ok {
				t.Errorf("%s.json lacks %q", lang, k)
			}
		}
	}
}
