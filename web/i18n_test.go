package web

import (
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
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
	// Every code the error page may show (error.html prints "error."+code): a 413 page
	// said "error.too_large".
	for _, c := range []string{passerelle.EINVALID, passerelle.ENOTFOUND, passerelle.ECONFLICT, passerelle.EUNAUTHORIZED, passerelle.EFORBIDDEN, passerelle.EINTERNAL,
		passerelle.EBUSY, passerelle.ESTALE, passerelle.ETOOLARGE, passerelle.ETIMEOUT} {
		used["error."+c] = true
	}
	for _, t := range passerelle.AgreementTypes {
		used["agr.type."+string(t)] = true
	}
	for _, st := range passerelle.AgreementStatuses {
		used["agr.status."+string(st)] = true
	}
	for _, st := range passerelle.ActionStatuses {
		used["agr.action_status."+string(st)] = true
	}
	for _, c := range passerelle.FundingCategories {
		used["agr.category."+c] = true
	}
	for _, a := range []string{"create", "update", "delete", "merge", "import", "visibility"} {
		used["audit.action."+a] = true
	}
	for _, n := range navLinks {
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

func TestTextRendersByKey(t *testing.T) {
	fr, en := newLocalizer("fr"), newLocalizer("en")
	pw := passerelle.FieldError("password", "at least %d characters", 12)
	for _, tc := range []struct {
		in     passerelle.Msg
		fr, en string
	}{
		{in: passerelle.M("required"), fr: "obligatoire", en: "required"},
		{in: passerelle.M("workspace %s not found", "acme"), fr: "espace de travail acme introuvable", en: "workspace acme not found"},
		// A %s argument that is a catalogue noun is translated, a %q one is a value.
		{in: passerelle.M("%s not found", "person"), fr: "personne introuvable", en: "person not found"},
		{in: passerelle.M("unknown theme %q", "person"), fr: `thème inconnu "person"`, en: `unknown theme "person"`},
		{in: passerelle.M("too many failed sign-ins: try again in %d minutes", 7), fr: "trop d'échecs de connexion : réessayez dans 7 minutes", en: "too many failed sign-ins: try again in 7 minutes"},
		// Messages and errors inside a message are rendered by their own keys.
		{in: passerelle.M("%s line %d: %v", "agreements.csv", 4, passerelle.Errorf(passerelle.EINVALID, "invalid JSON: %v", errors.New("unexpected end"))),
			fr: "agreements.csv ligne 4 : JSON invalide : unexpected end", en: "agreements.csv line 4: invalid JSON: unexpected end"},
		{in: passerelle.M("%v", passerelle.ErrorFieldMsgs(pw)["password"]), fr: "au moins 12 caractères", en: "at least 12 characters"},
		{in: passerelle.ErrorMsg(pw), fr: "saisie invalide (password: au moins 12 caractères)", en: "invalid input (password: at least 12 characters)"},
		{in: passerelle.ErrorMsg(errors.New("disk on fire")), fr: "erreur interne", en: "internal error"},
		{in: passerelle.M("something the catalogue does not have %d", 3), fr: "something the catalogue does not have 3", en: "something the catalogue does not have 3"},
	} {
		if got := fr.Text(tc.in); got != tc.fr {
			t.Errorf("fr %q: got %q, want %q", tc.in.Key, got, tc.fr)
		}
		if got := en.Text(tc.in); got != tc.en {
			t.Errorf("en %q: got %q, want %q", tc.in.Key, got, tc.en)
		}
		// The English rendering and the domain's own English agree.
		if got := tc.in.String(); got != tc.en {
			t.Errorf("String %q: got %q, want %q", tc.in.Key, got, tc.en)
		}
	}
	if got := fr.Fields(pw); got["password"] != "au moins 12 caractères" || len(got) != 1 {
		t.Errorf("fr fields: %v", got)
	}
	if got := fr.Error(passerelle.Errorf(passerelle.ENOTFOUND, "%s not found", "organisation")); got != "organisation introuvable" {
		t.Errorf("fr error: %q", got)
	}
	if got := fr.Error(fmt.Errorf("wrapped: %w", errors.New("secret detail"))); got != "erreur interne" {
		t.Errorf("fr internal error: %q", got)
	}
}

// TestDomainMessagesTranslated reads every non-test Go file of the module and finds the
// calls that make a message (passerelle.Errorf, FieldError, M and Problems.Add, told
// apart by their types, not their names); each format, the message's key, must be in
// both catalogues with the same verbs. Rewording an English message without the
// catalogues fails here instead of silently leaving the French behind. It also checks
// the nouns the store names in its classified errors and the entities of the audit log.
func TestDomainMessagesTranslated(t *testing.T) {
	root := ".."
	fset := token.NewFileSet()
	pkgs := map[string][]*ast.File{} // directory -> files
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != root && (strings.HasPrefix(n, ".") || n == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		pkgs[filepath.Dir(path)] = append(pkgs[filepath.Dir(path)], f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Only the root package's types matter: it is checked from source, and every other
	// import is an empty stand-in (the errors that makes are expected and ignored).
	imp := &stubImporter{pkgs: map[string]*types.Package{}}
	infos := map[string]*types.Info{}
	check := func(dir string) {
		rel, _ := filepath.Rel(root, dir)
		path := filepath.ToSlash(filepath.Join("passerelle", rel))
		info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}}
		conf := types.Config{Importer: imp, Error: func(error) {}}
		pkg, _ := conf.Check(path, fset, pkgs[dir], info)
		imp.pkgs[path], infos[dir] = pkg, info
	}
	check(root) // first, so that the others see its types
	for dir := range pkgs {
		if dir != root {
			check(dir)
		}
	}
	makers := map[string]int{ // function -> index of the format argument
		"passerelle.Errorf": 1, "passerelle.FieldError": 1, "passerelle.M": 0, "(passerelle.Problems).Add": 1,
		"passerelle/schedule.why": 1, // an unplaced meeting's reason, shown on the pages
	}
	seen, nouns, entities := 0, 0, 0
	need := func(pos token.Pos, key, verbsOf string) {
		for lang, cat := range catalogues {
			tr, ok := cat[key]
			if !ok {
				t.Errorf("%s: %s.json lacks %q", fset.Position(pos), lang, key)
				continue
			}
			if a, b := formatVerbs(verbsOf), formatVerbs(tr); string(a) != string(b) {
				t.Errorf("%s.json: %q has verbs %q, the message %q", lang, tr, b, a)
			}
		}
	}
	for dir, files := range pkgs {
		info := infos[dir]
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				var id *ast.Ident
				switch fn := call.Fun.(type) {
				case *ast.Ident:
					id = fn
				case *ast.SelectorExpr:
					id = fn.Sel
				default:
					return true
				}
				constArg := func(i int) (string, bool) {
					if i >= len(call.Args) {
						return "", false
					}
					tv := info.Types[call.Args[i]]
					if tv.Value == nil || tv.Value.Kind() != constant.String {
						return "", false
					}
					return constant.StringVal(tv.Value), true
				}
				fn, ok := info.Uses[id].(*types.Func)
				if !ok {
					return true
				}
				switch name := fn.FullName(); name {
				case "passerelle/store.classify": // its argument names the record: a catalogue noun
					if w, ok := constArg(1); ok && w != "" {
						nouns++
						need(call.Pos(), "msg."+w, "")
					}
				case "passerelle/store.writeAudit": // the entity, named on the dashboard and in histories
					if e, ok := constArg(4); ok {
						entities++
						need(call.Pos(), "entity."+e, "")
					}
				default:
					i, ok := makers[name]
					if !ok {
						return true
					}
					format, ok := constArg(i)
					if !ok && fset.Position(call.Pos()).Filename == filepath.Join(root, "errors.go") {
						return true // the constructors themselves, passing their format on
					}
					if !ok {
						t.Errorf("%s: %s with a format that is not a constant: the catalogues cannot be checked", fset.Position(call.Pos()), name)
						return true
					}
					if len(formatVerbs(format)) > 0 && strings.Trim(stripVerbs(format), " :;,.()") == "" {
						return true // "%v": a message made elsewhere, rendered by its own key
					}
					seen++
					need(call.Pos(), "msg."+format, format)
				}
				return true
			})
		}
	}
	if seen < 150 || nouns < 20 || entities < 15 {
		t.Fatalf("found only %d messages, %d nouns, %d audit entities: is the search still right?", seen, nouns, entities)
	}
}

func stripVerbs(format string) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			b.WriteByte(format[i])
			continue
		}
		for i++; i < len(format) && strings.IndexByte("+-# 0123456789.", format[i]) >= 0; i++ {
		}
	}
	return b.String()
}

// stubImporter returns the packages it knows and an empty stand-in for any other.
type stubImporter struct{ pkgs map[string]*types.Package }

func (s *stubImporter) Import(path string) (*types.Package, error) {
	if p := s.pkgs[path]; p != nil {
		return p, nil
	}
	p := types.NewPackage(path, filepath.Base(path))
	p.MarkComplete()
	s.pkgs[path] = p
	return p, nil
}
