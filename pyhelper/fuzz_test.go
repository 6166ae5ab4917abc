package pyhelper

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/stretchr/testify/require"
	"io"
	"reflect"
	"strings"
	"testing"
)

const sampleModule = `{"schema":3,"module":"m","version":"3","namespaces":{"":{"functions":[{"name":"f","type":"function",` +
	`"parameters":[{"name":"a","kind":"POSITIONAL_OR_KEYWORD","default":"1","type":{"type":"list","element_type":{"type":"int"}}}],` +
	`"return_type":{"type":"any"}}],"classes":[{"name":"C","methods":[{"name":"g","ref":"m:C.g"}]}],"attributes":[]}},` +
	`"methods":{"m:C.g":{"name":"g","parameters":[],"return_type":{"type":"none"}}},"issues":[],"distribution":null}`

func TestDecodeModuleLinksRefs(t *testing.T) {
	result, err := decodeModule([]byte(sampleModule))
	require.NoError(t, err)
	c := result.Namespaces[""].Classes[0]
	require.True(t, c.Methods[0].Function == result.Methods["m:C.g"])
	_, err = decodeModule([]byte(strings.Replace(sampleModule, `"ref":"m:C.g"`, `"ref":"m:C.missing"`, 1)))
	require.Error(t, err)
	_, err = decodeModule([]byte(strings.Replace(sampleModule, `"schema":3`, `"schema":2`, 1)))
	require.Error(t, err)
	_, err = decodeModule([]byte(sampleModule + " {}"))
	require.Error(t, err)
}

func FuzzDecodeDocuments(f *testing.F) {
	f.Add([]byte(sampleModule))
	f.Add([]byte(`{"schema":3,"symbols":[{"name":"x","error":"not_found"},{"name":"C","type":"class","methods":[{"name":"m","ref":"r"}]}],"methods":{"r":{}}}`))
	f.Add([]byte(`{"schema":3,"modules":[{"module":"m","doc_source":"error"}]}`))
	f.Add([]byte(`{"namespaces":{"":null}}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, mode := range []Mode{ModeModule, ModeSymbols, ModeModuleDocs, ModeAttribute} {
			resp := &Response{Request: Request{Mode: mode, Format: FormatSchema3}, Raw: data}
			_, _ = resp.decode(mode)
		}
	})
}

func FuzzOneShotResponse(f *testing.F) {
	f.Add([]byte(`{"schema":3,"error":"x","error_kind":"import_failed"}`), 0, "")
	f.Add([]byte(`{"error":"Failed to import module 'x': No module named 'x'","module":"x"}`), 0, "")
	f.Add([]byte(`{"schema":3,"producer":{"python":{"version":"3.11"}},"provenance":{"paths":["/x"]}}`), 0, "")
	f.Add([]byte(`not json`), 1, "ValueError: bad\n")
	f.Add([]byte(``), 139, "")
	f.Fuzz(func(t *testing.T, out []byte, code int, stderr string) {
		for _, format := range []Format{FormatSchema3, FormatV21} {
			req := Request{Mode: ModeModule, Module: "m", Format: format}
			resp, err := oneShotResponse(req, "python3", "", code, out, stderr)
			if (resp == nil) == (err == nil) {
				t.Fatalf("exactly one of response and error expected: %v %v", resp, err)
			}
			var e *Error
			if err != nil && !errors.As(err, &e) {
				t.Fatalf("untyped error %v", err)
			}
			requireSameAsReference(t, req, code, out, stderr, resp, err)
		}
	})
}

// referenceOneShotResponse is oneShotResponse as it was before it decoded
// the head from docHead: json.Valid, then json.Unmarshal of the whole
// document.
func referenceOneShotResponse(req Request, exe, signal string, code int, out []byte, stderr string) (*Response, error) {
	out = bytes.TrimSpace(out)
	if signal != "" || code != 0 {
		return nil, exitError(req, exe, signal, code, stderr)
	}
	if len(out) == 0 || !json.Valid(out) {
		return nil, &Error{Kind: KindInterpreter, Module: req.Module, Interpreter: exe, Stderr: stderr,
			Message: fmt.Sprintf("%s did not run the introspection script (output: %q)", exe, truncate(string(out), 200))}
	}
	var head struct {
		pythonError
		Producer   *Producer   `json:"producer"`
		Provenance *Provenance `json:"provenance"`
	}
	if out[0] == '{' {
		if err := json.Unmarshal(out, &head); err != nil {
			return nil, &Error{Kind: KindProtocol, Module: req.Module, Interpreter: exe, Message: err.Error()}
		}
	}
	if head.ErrorKind != "" || (head.Message != "" && req.Format != FormatSchema3) {
		return nil, documentError(req, exe, head.pythonError)
	}
	resp := &Response{Request: req, Raw: json.RawMessage(out)}
	if head.Producer != nil {
		resp.Producer = *head.Producer
	}
	if head.Provenance != nil {
		resp.Provenance = *head.Provenance
	}
	if resp.Producer.Python.Executable == "" {
		resp.Producer.Python.Executable = exe
	}
	return resp, nil
}

func requireSameAsReference(t *testing.T, req Request, code int, out []byte, stderr string, resp *Response, err error) {
	t.Helper()
	wantResp, wantErr := referenceOneShotResponse(req, "python3", "", code, out, stderr)
	if !reflect.DeepEqual(resp, wantResp) || fmt.Sprintf("%#v", err) != fmt.Sprintf("%#v", wantErr) {
		t.Fatalf("%q: got %#v, %#v; the reference gave %#v, %#v", out, resp, err, wantResp, wantErr)
	}
}

// TestOneShotResponseMatchesReference: invalid output is reported as it
// was when it was checked with json.Valid first.
func TestOneShotResponseMatchesReference(t *testing.T) {
	for _, out := range []string{
		``, ` `, `{`, `{"schema":3`, `{"schema":3} x`, `{"schema":3}{}`, `{"schema":3,}`, `not json`, `[1,2`, `[]`, `"x"`, `3`,
		`{"schema":3,"error":5}`, `{"schema":3,"producer":[]}`, `{"schema":3,"provenance":{"paths":"x"}}`,
		`{"schema":3,"error":"x","error_kind":"import_failed"}`, sampleModule, sampleModule + `,`, "\x00{}",
		`{"schema":3,"producer":{"python":{"version":"3.11"}},"provenance":{"paths":["/x"]}}`,
		`{"error":"Failed to import module 'x': No module named 'x'","module":"x"}`, "{\"a\":\"\xff\"}",
	} {
		for _, format := range []Format{FormatSchema3, FormatV21} {
			req := Request{Mode: ModeModule, Module: "m", Format: format}
			resp, err := oneShotResponse(req, "python3", "", 0, []byte(out), "tail")
			requireSameAsReference(t, req, 0, []byte(out), "tail", resp, err)
		}
	}
}

func FuzzParseMetadataHeaders(f *testing.F) {
	f.Add("Metadata-Version: 2.1\nName: numpy\nVersion: 1.24.2\n\nbody")
	f.Add("Name:\nVersion:")
	f.Fuzz(func(t *testing.T, text string) {
		name, version := parseMetadataHeaders(strings.NewReader(text))
		if strings.ContainsAny(name, "\n") || strings.ContainsAny(version, "\n") {
			t.Fatalf("header values span lines: %q %q", name, version)
		}
	})
}

func FuzzReadLine(f *testing.F) {
	f.Add([]byte("{\"id\":1}\n{\"id\":2}\n"), 16)
	f.Add([]byte("no newline"), 4)
	f.Fuzz(func(t *testing.T, data []byte, limit int) {
		if limit <= 0 || limit > 1<<16 {
			return
		}
		r := bufio.NewReaderSize(bytes.NewReader(data), 16)
		for i := 0; i < len(data)+1; i++ {
			line, err := readLine(r, limit)
			if err != nil {
				return
			}
			if len(line) >= limit || bytes.IndexByte(line, '\n') >= 0 {
				t.Fatalf("line of %d bytes (limit %d): %q", len(line), limit, line)
			}
		}
	})
}

// readFrame's running MAC is the MAC of the body of the line it returns,
// however the line arrives (buffer-sized chunks, a declared length, lines
// shorter than a MAC), and the line is readLine's.
func FuzzReadFrameMAC(f *testing.F) {
	auth := &channelAuth{key: []byte("fuzz key")}
	f.Add(auth.frame([]byte(`{"id":1}`)), 16)
	f.Add(append(resultFrame(300), auth.frame([]byte("x"))...), 64)
	f.Add([]byte("short\n"+strings.Repeat("y", 70)+"\n"), 17)
	f.Fuzz(func(t *testing.T, data []byte, size int) {
		if size < 16 || size > 1<<12 {
			return
		}
		framed := bufio.NewReaderSize(bytes.NewReader(data), size)
		plain := bufio.NewReaderSize(bytes.NewReader(data), size)
		mac := auth.newMAC()
		for {
			mac.Reset()
			line, err := readFrame(framed, 1<<20, mac)
			want, wantErr := readLine(plain, 1<<20)
			if (err == nil) != (wantErr == nil) || !bytes.Equal(line, want) {
				t.Fatalf("readFrame %q, %v; readLine %q, %v", line, err, want, wantErr)
			}
			if err != nil {
				return
			}
			body, err := auth.openSummed(line, mac.Sum(nil))
			wantBody, wantErr := auth.open(line)
			if (err == nil) != (wantErr == nil) || !bytes.Equal(body, wantBody) {
				t.Fatalf("%q: openSummed %q, %v; open %q, %v", line, body, err, wantBody, wantErr)
			}
			if len(line) > macLen && !bytes.Equal(mac.Sum(nil), auth.mac(line[macLen+1:])) {
				t.Fatalf("%q: the running MAC is not the body's", line)
			}
		}
	})
}

func TestReadLineLimits(t *testing.T) {
	r := bufio.NewReaderSize(strings.NewReader("short\n"+strings.Repeat("x", 100)+"\nlast"), 16)
	line, err := readLine(r, 50)
	require.NoError(t, err)
	require.Equal(t, "short", string(line))
	_, err = readLine(r, 50)
	require.True(t, errors.Is(err, errLineTooLong), "got %v", err)
	r = bufio.NewReaderSize(strings.NewReader("partial"), 16)
	_, err = readLine(r, 50)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	_, err = readLine(bufio.NewReader(strings.NewReader("")), 50)
	require.ErrorIs(t, err, io.EOF)
}

func TestRequestValidationAndArgs(t *testing.T) {
	for _, bad := range []Request{{}, {Module: " "}, {Module: "m", Mode: "x"}, {Module: "m", Format: "x"},
		{Module: "m", Mode: ModeAttribute}} {
		_, err := bad.normalized()
		require.ErrorIs(t, err, ErrProtocol)
	}
	max := 5
	req := mustNormalize(t, Request{Module: "numpy", Options: ModuleOptions{Submodules: []string{"linalg", "fft"},
		DiscoverSubmodules: true, PublicAPI: true, PublicAPIMode: "explicit_all", ExportsMode: true,
		Include: []string{"a,b"}, Exclude: []string{"c*"}, Depth: 2}, Config: Config{MaxClassMethods: &max}, Format: FormatV21})
	args, err := req.args()
	require.NoError(t, err)
	require.Equal(t, []string{"--module", "numpy", "--submodules", `["linalg","fft"]`, "--discover-submodules",
		"--public-api", "--public-api-mode", "explicit_all", "--exports-mode", "--module-include", `["a,b"]`,
		"--module-exclude", `["c*"]`, "--module-depth", "2", "--config", `{"max_class_methods":5}`, "--v21"}, args)
	var params map[string]any
	data, _ := json.Marshal(req.params())
	require.NoError(t, json.Unmarshal(data, &params))
	require.Equal(t, "module", params["mode"])
	require.Equal(t, "v21", params["format"])
}
