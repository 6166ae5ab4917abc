package pyhelper

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

type docHeadTarget struct {
	pythonError
	Producer   *Producer   `json:"producer"`
	Provenance *Provenance `json:"provenance"`
}

// requireSameHead: decoding docHead(doc) into the head gives what decoding
// doc gives (value and error), for any valid JSON object doc.
func requireSameHead(t *testing.T, doc []byte) {
	t.Helper()
	if !json.Valid(doc) || len(doc) == 0 || doc[0] != '{' {
		return
	}
	var want, got docHeadTarget
	wantErr := json.Unmarshal(doc, &want)
	head := docHead(doc)
	if !json.Valid(head) {
		t.Fatalf("%q: docHead gave invalid JSON %q", doc, head)
	}
	gotErr := json.Unmarshal(head, &got)
	if !reflect.DeepEqual(want, got) || fmt.Sprint(wantErr) != fmt.Sprint(gotErr) {
		t.Fatalf("%q: head %q decodes to %+v, %v; the whole document to %+v, %v", doc, head, got, gotErr, want, wantErr)
	}
}

var docHeadSeeds = []string{
	sampleModule,
	`{}`, `{ }`, " {\n\t\"module\" :\r \"m\" , \"namespaces\" : { } } ",
	`{"namespaces":{"":{"classes":[{"name":"x\"}{]["}]}},"module":"m","methods":{"a":{"docstring":"\\"}},"error":"e"}`,
	`{"methods":"\\\\","module":"m\\\\","symbols":[1,[2,{"3":"]"}]],"kind":"k"}`,
	`{"module":"a","module":"b","producer":{"python":{"version":"3.11"}},"producer":{"packages":{"p":"1"}}}`,
	`{"Namespaces":1,"METHODS":[],"\u006eamespaces":{"error":"inner"},"error_kind":"x"}`,
	`{"namespaces":{"error":"not the head's"},"error":5}`,
	`{"producer":{"python":{"version":3}},"namespaces":[]}`,
	`{"traceback":"line\nline","retire":null,"provenance":{"paths":["/x"],"incomplete":true},"symbols":null}`,
	`{"a":-1.5e+3,"b":true,"c":false,"d":null,"namespaces":[[[]]],"module":"\ud83d\ude00"}`,
}

func TestDocHeadDecodesAsTheDocument(t *testing.T) {
	for _, doc := range docHeadSeeds {
		requireSameHead(t, []byte(doc))
	}
}

func FuzzDocHead(f *testing.F) {
	for _, doc := range docHeadSeeds {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		requireSameHead(t, doc)
	})
}
