package web

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"passerelle"
)

// TestCatalogues checks that both languages have the same keys, that every key the
// templates use exists, and so do the keys built from the domain's enumerations.
func TestCatalogues(t *testing.T) {
	en, fr := catalogues["en"], catalogues["fr"]
	for k := range en {
		if _, ok := fr[k]; !ok {
			t.Errorf("fr.json lacks %q", k)
		}
	}
	for k := range fr {
		if _, ok := en[k]; !ok {
			t.Errorf("en.json lacks %q", k)
		}
	}
	used := map[string]bool{}
	re := regexp.MustCompile(`\.L\.T "([^"]+)"`)
	files, _ := fs.Glob(templateFS, "templates/*.html")
	for _, f := range files {
		b, _ := fs.ReadFile(templateFS, f)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	for _, k := range passerelle.OrgKinds {
		used["kind."+string(k)] = true
	}
	for _, k := range passerelle.LinkKinds {
		used["link."+string(k)] = true
	}
	for _, r := range []passerelle.Role{passerelle.RoleAdmin, passerelle.RoleCoordinator, passerelle.RoleMember, passerelle.RoleViewer} {
		used["role."+string(r)] = true
	}
	for _, c := range []string{passerelle.EINVALID, passerelle.ENOTFOUND, passerelle.ECONFLICT, passerelle.EUNAUTHORIZED, passerelle.EFORBIDDEN, passerelle.EINTERNAL} {
		used["error."+c] = true
	}
	for _, a := range []string{"create", "update", "delete", "merge", "import", "visibility"} {
		used["audit.action."+a] = true
	}
	for _, n := range sortedNav() {
		used[n.Label] = true
	}
	for _, k := range []string{"flash.saved", "flash.deleted", "flash.welcome", "flash.password_changed", "invite.mail_body", "invite.mail_subject"} {
		used[k] = true
	}
	if len(used) < 100 {
		t.Fatalf("only %d keys found in templates: the pattern is stale", len(used))
	}
	for k := range used {
		if _, ok := en[k]; !ok {
			t.Errorf("key %q is used but not in the catalogues", k)
		}
	}
	// Every file is valid JSON with string values (init would have panicked otherwise).
	b, _ := localeFS.ReadFile("locales/fr.json")
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
}

func TestLocalizer(t *testing.T) {
	fr, en := newLocalizer("fr"), newLocalizer("en")
	if got := fr.Country("DK"); got != "Danemark" {
		t.Errorf("fr DK = %q", got)
	}
	if got := en.Country("DK"); got != "Denmark" {
		t.Errorf("en DK = %q", got)
	}
	if got := en.Num(35990); got != "35,990" {
		t.Errorf("en 35990 = %q", got)
	}
	if got := fr.Num(35990); got == "35990" || got == "35,990" {
		t.Errorf("fr 35990 = %q, want French grouping", got)
	}
}

func TestThemeOptionsEscapeAndSelect(t *testing.T) {
	themes := []*passerelle.Theme{
		{Code: "1", Level: 1, LabelEN: "Health", LabelFR: "Santé"},
		{Code: "1.2", Level: 2, LabelEN: `Care <b>"homes"</b>`},
	}
	got := string(newLocalizer("fr").ThemeOptions(themes, "1.2"))
	want := `<option value="1" class="level1">Santé</option>` +
		`<option value="1.2" selected class="level2">Care &lt;b&gt;&#34;homes&#34;&lt;/b&gt;</option>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if k := string(newLocalizer("en").KindOptions("hospital")); !strings.Contains(k, `<option value="hospital" selected>`) {
		t.Errorf("kind options without the selection: %s", k)
	}
}

func TestMsgTranslatesMessagesWithValues(t *testing.T) {
	fr, en := newLocalizer("fr"), newLocalizer("en")
	for _, tc := range []struct{ in, want string }{
		{"required", "obligatoire"},
		{"workspace acme not found", "espace de travail acme introuvable"},
		{"person not found", "personne introuvable"},
		{`unknown theme "9.9"`, `thème inconnu "9.9"`},
		{"too many failed sign-ins: try again in 7 minutes", "trop d'échecs de connexion : réessayez dans 7 minutes"},
		{"agreements.csv line 4: invalid JSON: unexpected end", "agreements.csv ligne 4 : JSON invalide : unexpected end"},
		{"something the catalogue does not have", "something the catalogue does not have"},
	} {
		if got := fr.Msg(tc.in); got != tc.want {
			t.Errorf("fr %q: got %q, want %q", tc.in, got, tc.want)
		}
		if got := en.Msg(tc.in); got != tc.in && tc.in != "required" {
			t.Errorf("en %q: got %q", tc.in, got)
		}
	}
}

// TestDomainMessagesTranslated finds every literal message format given to FieldError and
// Errorf in the code and checks that both catalogues have it, with the same verbs.
func TestDomainMessagesTranslated(t *testing.T) {
	call := regexp.MustCompile(`(?:FieldError\("[^"]*", |Errorf\((?:passerelle\.)?E[A-Z]+, )"((?:[^"\\]|\\.)*)"`)
	verbs := regexp.MustCompile(`%[sdqv]`)
	var files []string
	for _, dir := range []string{"..", "../store", "../interchange", "../web"} {
		found, _ := filepath.Glob(dir + "/*.go")
		files = append(files, found...)
	}
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(b), -1) {
			msg := m[1]
			if verbs.ReplaceAllString(msg, "") == "" {
				continue // "%s", "%v": a message made elsewhere
			}
			seen++
			for lang, cat := range catalogues {
				tr, ok := cat["msg."+msg]
				if !ok {
					t.Errorf("%s: %s.json lacks %q", f, lang, "msg."+msg)
					continue
				}
				if a, b := verbs.FindAllString(msg, -1), verbs.FindAllString(tr, -1); strings.Join(a, "") != strings.Join(b, "") {
					t.Errorf("%s.json: %q has verbs %v, the message %v", lang, tr, b, a)
				}
			}
		}
	}
	if seen < 40 {
		t.Fatalf("found only %d messages: is the pattern still right?", seen)
	}
}
