package web

import (
	"encoding"
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"time"
)

var (
	openAPIOnce sync.Once
	openAPIDoc  map[string]any
	wildcardRe  = regexp.MustCompile(`\{([a-z_]+)\}`)
)

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	openAPIOnce.Do(func() { openAPIDoc = OpenAPI(s.routes, s.opts.Version) })
	return ok(w, openAPIDoc)
}

// OpenAPI builds the OpenAPI 3.1 document from the route table, so that it cannot
// describe a route that is not served, nor miss one that is.
func OpenAPI(routes []Route, version string) map[string]any {
	if version == "" {
		version = "dev"
	}
	schemas := map[string]any{
		"Error": map[string]any{"type": "object", "required": []string{"error"}, "properties": map[string]any{
			"error": map[string]any{"type": "object", "required": []string{"code", "message"}, "properties": map[string]any{
				"code":    map[string]any{"type": "string", "enum": []string{"invalid", "not_found", "conflict", "unauthorized", "forbidden", "internal"}},
				"message": map[string]any{"type": "string"},
				"fields":  map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}},
			}},
		}},
	}
	errResp := func(desc string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{
			"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	}
	paths := map[string]any{}
	for _, rt := range routes {
		if !rt.API {
			continue
		}
		op := map[string]any{"operationId": rt.Name, "summary": rt.Summary, "x-access": rt.Access.String()}
		var params []any
		for _, m := range wildcardRe.FindAllStringSubmatch(rt.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "integer", "format": "int64"}})
		}
		for _, q := range rt.Query {
			params = append(params, map[string]any{"name": q, "in": "query", "required": false, "schema": map[string]any{"type": "string"}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.Body != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{
				"schema": schemaOf(reflect.TypeOf(rt.Body), schemas)}}}
		}
		resp := map[string]any{"default": errResp("An error")}
		switch {
		case rt.Reply != nil && rt.Method == "POST":
			resp["201"] = map[string]any{"description": "Created", "content": map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.Reply), schemas)}}}
		case rt.Reply != nil:
			resp["200"] = map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.Reply), schemas)}}}
		case rt.Method == "DELETE":
			resp["204"] = map[string]any{"description": "Deleted"}
		default:
			resp["200"] = map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{}}}}
		}
		if rt.Access != Public {
			resp["401"] = errResp("No valid token or session")
			resp["404"] = errResp("Not found, or not visible to the caller")
		} else {
			op["security"] = []any{}
		}
		if rt.Access >= Writer {
			resp["403"] = errResp("The caller's role does not allow this")
		}
		if rt.Body != nil {
			resp["422"] = errResp("Invalid input; fields name the culprits. Unknown fields, data after the JSON body and NUL characters are refused too")
		}
		op["responses"] = resp
		item, _ := paths[rt.Path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.Path] = item
		}
		item[strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "passerelle API", "version": version,
			"description": "The directory of a partnership network: organisations, people, themes, audit. Lists are {items, total, next_cursor}; pass next_cursor back as cursor."},
		"servers":  []any{map[string]any{"url": "/"}},
		"security": []any{map[string]any{"bearerAuth": []any{}}, map[string]any{"cookieAuth": []any{}}},
		"paths":    paths,
		"components": map[string]any{
			"schemas": schemas,
			"securitySchemes": map[string]any{
				"bearerAuth": map[string]any{"type": "http", "scheme": "bearer", "description": "A personal token from 'passerelle token create' or the account page"},
				"cookieAuth": map[string]any{"type": "apiKey", "in": "cookie", "name": "passerelle_session"},
			},
		},
	}
}

var timeType = reflect.TypeOf(time.Time{})

// rawType is JSON kept as it is (a job's params, progress and result: any value);
// textType a value written as text (a message).
var (
	rawType  = reflect.TypeOf(json.RawMessage{})
	textType = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
)

// schemaOf describes a Go type as JSON Schema, registering named structs as components.
func schemaOf(t reflect.Type, comps map[string]any) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawType:
		return map[string]any{"description": "any JSON value"}
	case t.Implements(textType):
		return map[string]any{"type": "string"}
	case t.Kind() == reflect.Struct && strings.HasPrefix(t.Name(), "list["):
		f, _ := t.FieldByName("Items")
		return map[string]any{"type": "object", "required": []string{"items", "total", "next_cursor"}, "properties": map[string]any{
			"items":       schemaOf(f.Type, comps),
			"total":       map[string]any{"type": "integer"},
			"next_cursor": map[string]any{"type": "string", "description": "empty on the last page"},
		}}
	case t.Kind() == reflect.Struct:
		name := t.Name()
		ref := map[string]any{"$ref": "#/components/schemas/" + name}
		if _, done := comps[name]; done {
			return ref
		}
		props := map[string]any{}
		comps[name] = map[string]any{"type": "object", "properties": props}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if !f.IsExported() || tag == "-" {
				continue
			}
			n := strings.Split(tag, ",")[0]
			if f.Anonymous && n == "" {
				// An embedded struct's fields are the outer object's, as encoding/json writes them.
				schemaOf(f.Type, comps)
				et := f.Type
				for et.Kind() == reflect.Pointer {
					et = et.Elem()
				}
				for k, v := range comps[et.Name()].(map[string]any)["properties"].(map[string]any) {
					props[k] = v
				}
				continue
			}
			if n == "" {
				n = f.Name
			}
			props[n] = schemaOf(f.Type, comps)
		}
		return ref
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), comps)}
	case t.Kind() == reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), comps)}
	case t.Kind() == reflect.String:
		return map[string]any{"type": "string"}
	case t.Kind() == reflect.Bool:
		return map[string]any{"type": "boolean"}
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return map[string]any{"type": "integer"}
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return map[string]any{"type": "number"}
	}
	return map[string]any{}
}
