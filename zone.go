package passerelle

import (
	"sync"
	"time"
)

// zones caches loaded time zones by name. time.LoadLocation reads and parses the zone
// file on every call: a calendar feed of 2,000 meetings spent a third of its build in it.
var zones sync.Map

// HomeZone is the network's home, where a day is read when no place says otherwise: the
// store's "today" (an opportunity opened or won, an agreement's status) and the web's
// zone for a browser that chose none. The seeds' institutes are French.
const HomeZone = "Europe/Paris"

// HomeDay is t's date (YYYY-MM-DD) in HomeZone: at 23:30 UTC on 31 December it is
// already 1 January there.
func HomeDay(t time.Time) string {
	if loc, err := LoadZone(HomeZone); err == nil {
		t = t.In(loc)
	}
	return t.Format(time.DateOnly)
}

// LoadZone is time.LoadLocation with a cache. Only zones that load are kept, so the
// cache is bounded by the zone database.
func LoadZone(name string) (*time.Location, error) {
	if l, ok := zones.Load(name); ok {
		return l.(*time.Location), nil
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, l)
	return l, nil
}
