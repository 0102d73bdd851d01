package passerelle

import "testing"

func TestLoadZone(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{{"Europe/Paris", true}, {"Asia/Tokyo", true}, {"UTC", true}, {"Mars/Olympus", false}, {"../../etc/passwd", false}} {
		a, errA := LoadZone(tc.name)
		b, errB := LoadZone(tc.name)
		if (errA == nil) != tc.ok || (errB == nil) != tc.ok {
			t.Errorf("%s: errors %v, %v", tc.name, errA, errB)
			continue
		}
		if tc.ok && (a != b || a.String() != tc.name) {
			t.Errorf("%s: the second load gave %p (%s), the first %p", tc.name, b, b, a)
		}
	}
}
