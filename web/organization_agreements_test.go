package web_test

import (
	"fmt"
	"strings"
	"testing"
)

// The organisation page shows the agreements that name it and their countries on the map,
// counting only agreements the reader may see.
func TestOrganizationPageShowsItsAgreements(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			for _, tc := range []struct {
				user, lang string
				org        int64
				want       []string
				not        []string
			}{
				{"bob", "en", w.shared2.ID, []string{"Cooperation agreements", "<svg", fmt.Sprintf("/agreements?partner=%d", w.shared2.ID)}, nil},
				{"bob", "fr", w.shared2.ID, []string{"Conventions de coopération", "<svg"}, nil},
				{"bob", "en", w.shared.ID, []string{"No agreement names this organisation."}, []string{"<svg"}},
				{"alice", "en", w.private.ID, []string{fmt.Sprintf("/agreements?partner=%d", w.private.ID), "<svg"}, nil},
			} {
				c := w.client(t, tc.user)
				c.do("POST", "/lang", formType, form("lang", tc.lang, "next", "/"), false)
				res, body := c.get(fmt.Sprintf("/organizations/%d", tc.org))
				if res.StatusCode != 200 {
					t.Fatalf("%s %d: %d", tc.user, tc.org, res.StatusCode)
				}
				for _, s := range tc.want {
					if !strings.Contains(body, s) {
						t.Errorf("%s %s org %d: page lacks %q", tc.user, tc.lang, tc.org, s)
					}
				}
				for _, s := range tc.not {
					if strings.Contains(body, s) {
						t.Errorf("%s org %d: page shows %q", tc.user, tc.org, s)
					}
				}
			}
		})
	}
}
