package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"passerelle"
)

var (
	errNotFound    = passerelle.Errorf(passerelle.ENOTFOUND, "page not found")
	errCrossOrigin = passerelle.Errorf(passerelle.EFORBIDDEN, "cross-origin request refused")
)

// status maps a domain error code to its HTTP status. This is the only such mapping.
func status(err error) int {
	switch passerelle.ErrorCode(err) {
	case passerelle.EINVALID:
		return http.StatusUnprocessableEntity
	case passerelle.ENOTFOUND:
		return http.StatusNotFound
	case passerelle.ECONFLICT, passerelle.ESTALE:
		return http.StatusConflict
	case passerelle.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case passerelle.EFORBIDDEN:
		return http.StatusForbidden
	case passerelle.EBUSY:
		return http.StatusTooManyRequests
	case passerelle.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case passerelle.ETIMEOUT:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// fail answers a request with an error: JSON for the API, a page elsewhere, a redirect
// to the sign-in page for an anonymous visitor of a page. Internal details are only logged.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, rt Route, err error) {
	err = timedOut(err)
	code := status(err)
	if code == http.StatusServiceUnavailable {
		s.log.Warn("request over its deadline", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if code == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", retryAfter(err))
	}
	if code == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if rt.API {
		writeJSONError(w, code, err)
		return
	}
	if code == http.StatusUnauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := s.newPage(r, "error.title")
	p.Data = map[string]any{"Status": code, "Code": passerelle.ErrorCode(err), "Message": p.L.Error(err)}
	s.renderStatus(w, r, code, "error.html", p)
}

// apiError is the JSON shape of every API error.
type apiError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields,omitempty"`
		// Current is the record as it is now, with a stale save's 409.
		Current any `json:"current,omitempty"`
	} `json:"error"`
}

func writeJSONError(w http.ResponseWriter, code int, err error) {
	var e apiError
	e.Error.Code = passerelle.ErrorCode(err)
	e.Error.Message = passerelle.ErrorMessage(err)
	e.Error.Fields = passerelle.ErrorFields(err)
	if pe := (*passerelle.Error)(nil); errors.As(err, &pe) {
		e.Error.Current = pe.Current
	}
	if code == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="passerelle"`)
	}
	writeJSON(w, code, e)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// retryAfter is the Retry-After of a 429: the error's own delay in whole seconds, or 2.
func retryAfter(err error) string {
	var e *passerelle.Error
	if errors.As(err, &e) && e.RetryAfter > 0 {
		return strconv.Itoa(int((e.RetryAfter + time.Second - 1) / time.Second))
	}
	return "2"
}
