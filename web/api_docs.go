package web

import (
	"net/http"
	"slices"
	"strings"
)

// The API's documentation page (issue 20): the OpenAPI document of /api/v1/openapi.json,
// rendered on the server into a page, so that it needs no script and no CDN and cannot
// say anything the JSON does not.

type apiDocOp struct {
	Method, Path, ID, Summary, Access string
	Params                            []apiDocParam
	Body                              string
	Responses                         []apiDocResp
}

type apiDocParam struct {
	Name, In, Type string
	Required       bool
}

type apiDocResp struct{ Code, Desc, Schema string }

type apiDocSchema struct {
	Name  string
	Props []apiDocParam
}

func (s *Server) apiDocs(w http.ResponseWriter, r *http.Request) error {
	openAPIOnce.Do(func() { openAPIDoc = OpenAPI(s.routes, s.opts.Version) })
	ops, schemas := apiDocModel(openAPIDoc)
	info, _ := openAPIDoc["info"].(map[string]any)
	p := s.newPage(r, "apidocs.title")
	p.Data = map[string]any{"Ops": ops, "Schemas": schemas, "Info": info}
	return s.render(w, r, "api_docs.html", p)
}

// apiDocModel turns the OpenAPI document into what the page lists: operations by path
// and method, and the component schemas with their properties.
func apiDocModel(doc map[string]any) ([]apiDocOp, []apiDocSchema) {
	paths, _ := doc["paths"].(map[string]any)
	var ops []apiDocOp
	for path, item := range paths {
		for method, v := range item.(map[string]any) {
			op := v.(map[string]any)
			o := apiDocOp{Method: strings.ToUpper(method), Path: path}
			o.ID, _ = op["operationId"].(string)
			o.Summary, _ = op["summary"].(string)
			o.Access, _ = op["x-access"].(string)
			params, _ := op["parameters"].([]any)
			for _, x := range params {
				pm := x.(map[string]any)
				q := apiDocParam{Type: schemaText(pm["schema"])}
				q.Name, _ = pm["name"].(string)
				q.In, _ = pm["in"].(string)
				q.Required, _ = pm["required"].(bool)
				o.Params = append(o.Params, q)
			}
			if rb, ok := op["requestBody"].(map[string]any); ok {
				o.Body = contentText(rb)
			}
			resps, _ := op["responses"].(map[string]any)
			for code, x := range resps {
				rm := x.(map[string]any)
				d, _ := rm["description"].(string)
				o.Responses = append(o.Responses, apiDocResp{Code: code, Desc: d, Schema: contentText(rm)})
			}
			slices.SortFunc(o.Responses, func(a, b apiDocResp) int { return strings.Compare(a.Code, b.Code) })
			ops = append(ops, o)
		}
	}
	order := map[string]int{"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}
	slices.SortFunc(ops, func(a, b apiDocOp) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return order[a.Method] - order[b.Method]
	})
	comps, _ := doc["components"].(map[string]any)
	sm, _ := comps["schemas"].(map[string]any)
	var schemas []apiDocSchema
	for name, x := range sm {
		sc := apiDocSchema{Name: name}
		props, _ := x.(map[string]any)["properties"].(map[string]any)
		for pn, pv := range props {
			sc.Props = append(sc.Props, apiDocParam{Name: pn, Type: schemaText(pv)})
		}
		slices.SortFunc(sc.Props, func(a, b apiDocParam) int { return strings.Compare(a.Name, b.Name) })
		schemas = append(schemas, sc)
	}
	slices.SortFunc(schemas, func(a, b apiDocSchema) int { return strings.Compare(a.Name, b.Name) })
	return ops, schemas
}

// contentText is the schema of a request or response's JSON content, as text.
func contentText(x map[string]any) string {
	c, _ := x["content"].(map[string]any)
	j, _ := c["application/json"].(map[string]any)
	if j == nil {
		return ""
	}
	return schemaText(j["schema"])
}

// schemaText writes a JSON Schema briefly: a component by name, "[]X" for an array,
// "{items: []X, total, next_cursor}" for an object with properties.
func schemaText(v any) string {
	m, _ := v.(map[string]any)
	if m == nil {
		return ""
	}
	if ref, ok := m["$ref"].(string); ok {
		return ref[strings.LastIndex(ref, "/")+1:]
	}
	t, _ := m["type"].(string)
	switch t {
	case "array":
		return "[]" + schemaText(m["items"])
	case "object":
		if props, ok := m["properties"].(map[string]any); ok && len(props) > 0 {
			names := make([]string, 0, len(props))
			for k := range props {
				names = append(names, k)
			}
			slices.Sort(names)
			parts := make([]string, len(names))
			for i, k := range names {
				parts[i] = k + ": " + schemaText(props[k])
			}
			return "{" + strings.Join(parts, ", ") + "}"
		}
		if ap, ok := m["additionalProperties"]; ok {
			return "map[string]" + schemaText(ap)
		}
		return "object"
	}
	if f, ok := m["format"].(string); ok {
		return t + " (" + f + ")"
	}
	if t == "" {
		return "any"
	}
	return t
}
