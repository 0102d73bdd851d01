package web

import (
	"context"
	"errors"
	"fmt"
	"mime/multipart"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"passerelle"
)

// Bounds of a request, by route: a body larger than its bound is refused with 413 before
// a handler reads it, and a handler that has not answered by its deadline has its
// database work cancelled and answers 503, instead of holding a connection and a
// database slot for ever.
const (
	maxJSONBody   = 1 << 20               // an API object
	maxFormBody   = 2 << 20               // a page's form: a meeting's notes (100,000 characters) fit
	maxUploadBody = maxImportSize + 1<<20 // an import file and its form around it
	// maxOrgUploadBody is the body of a preview-then-import page (organisations,
	// people, a mission's targets): the file chosen, or on the confirmation the file
	// carried back in base64, each at most maxOrgImportSize, and the form's choices.
	maxOrgUploadBody = 2*maxOrgImportSize + 1<<20
	// maxFormMemory is how much of a multipart form is kept in memory: its files beyond
	// go to temporary files (its text fields may take 10 MB more, mime/multipart's rule).
	maxFormMemory  = 8 << 20
	requestTimeout = 30 * time.Second
	// bulkTimeout is for imports and exports, just under the server's WriteTimeout so
	// that the client gets an answer rather than a cut connection.
	bulkTimeout = 115 * time.Second
)

func bulk(rt Route) bool {
	return strings.Contains(rt.Name, "import") || strings.Contains(rt.Name, "export") || strings.Contains(rt.Name, "calendar")
}

// bodyLimit is the largest body that route rt accepts.
func bodyLimit(rt Route) int64 {
	switch {
	case rt.Name == "organization_import" || rt.Name == "person_import" || rt.Name == "mission_target_import":
		return maxOrgUploadBody
	case strings.Contains(rt.Name, "import"):
		return maxUploadBody
	case rt.Name == "scheduleMeetings":
		return passerelle.MaxJobParams + 1<<20 // a whole data set: the job's own bound applies
	case rt.API:
		return maxJSONBody
	}
	return maxFormBody
}

func errTooLarge(limit int64) error {
	return passerelle.Errorf(passerelle.ETOOLARGE, "the request is too large: at most %d MiB here", limit>>20)
}

// limitRequest bounds r's body and time for route rt, and reads a form body now so that
// one over the bound is refused as such (413), not taken for an empty form, and so that
// refuseNUL checks its text fields: a multipart form (a page's, file upload or not) is
// read here once, within the route's bound, its files to temporary files that the
// wrapper removes after the handler (removeUpload); the handler's own
// ParseMultipartForm then finds it read.
func (s *Server) limitRequest(w http.ResponseWriter, r *http.Request, rt Route) (*http.Request, context.CancelFunc, error) {
	limit := bodyLimit(rt)
	if r.ContentLength > limit {
		return r, func() {}, errTooLarge(limit)
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	d := requestTimeout
	if bulk(rt) {
		d = bulkTimeout
	}
	ctx, cancel := context.WithTimeout(r.Context(), d)
	r = r.WithContext(ctx)
	ct := r.Header.Get("Content-Type")
	var mb *http.MaxBytesError
	switch {
	case r.Method == http.MethodGet:
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		if err := r.ParseForm(); errors.As(err, &mb) {
			return r, cancel, errTooLarge(limit)
		}
	case strings.HasPrefix(ct, "multipart/form-data") && !rt.API:
		// A body that does not parse otherwise is the handler's to report, as an empty form.
		if err := r.ParseMultipartForm(maxFormMemory); errors.As(err, &mb) || errors.Is(err, multipart.ErrMessageTooLarge) {
			return r, cancel, errTooLarge(limit)
		}
	}
	return r, cancel, nil
}

// timedOut turns a request's expired deadline into the error the client sees (503).
func timedOut(err error) error {
	if errors.Is(err, context.DeadlineExceeded) && passerelle.ErrorCode(err) == passerelle.EINTERNAL {
		return passerelle.Errorf(passerelle.ETIMEOUT, "the server took too long to answer: try again in a moment")
	}
	return err
}

// ParseTrustedProxies reads a comma-separated list of addresses and CIDR prefixes.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: an address or a prefix (10.0.0.0/8) expected", f)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// clientAddrOf is the client's address: the connection's peer, or, when that peer is a
// trusted proxy, the last address in X-Forwarded-For that is not one (the hops before it
// are the client's to write, so cannot be believed).
func (s *Server) clientAddrOf(r *http.Request) string {
	peer := r.RemoteAddr
	if h, _, err := net.SplitHostPort(peer); err == nil {
		peer = h
	}
	if len(s.opts.TrustedProxies) == 0 || !s.trusted(peer) {
		return peer
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		h := strings.TrimSpace(hops[i])
		if h == "" {
			continue
		}
		if _, err := netip.ParseAddr(h); err != nil {
			return peer // garbled: believe no hop
		}
		if !s.trusted(h) {
			return h
		}
	}
	return peer
}

func (s *Server) trusted(addr string) bool {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
