package passerelle

import (
	"sync"
	"time"
)

// zones caches loaded time zones by name. time.LoadLocation reads and parses the zone
// file on every call: a calendar feed of 2,000 meetings spent a third of its build in it.
var zones sync.Map

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
