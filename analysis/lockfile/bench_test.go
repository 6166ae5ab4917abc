package lockfile

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// syntheticManifest writes a manifest with n new-shape symbols spread over
// ten modules, each with parameters and a docstring of realistic size.
func syntheticManifest(tb testing.TB, n int) []byte {
	tb.Helper()
	doc := strings.Repeat("Compute the thing along the given axis; see also μ-notation. ", 30)
	symbols := map[string]Value{}
	for i := range n {
		mod := fmt.Sprintf("Lib.Sub%d", i%10)
		fn := fmt.Sprintf("func_%d", i)
		params := Array{}
		for p := range 4 {
			param := Object{}
			param.Set("annotation", Null{})
			if p > 0 {
				param.Set("default", String("None"))
			}
			param.Set("kind", String("POSITIONAL_OR_KEYWORD"))
			param.Set("name", String("arg"+strconv.Itoa(p)))
			param.Set("type", SortedObject(map[string]Value{"type": String("any")}))
			params = append(params, param)
		}
		symbols[mod+"."+fn+"/1"] = SortedObject(map[string]Value{
			"doc_missing_reason": Null{}, "doc_source": String("runtime"), "docstring": String(doc),
			"elixir_name": String(fn), "function": String(fn), "has_var_keyword": Bool(false),
			"has_var_positional": Bool(false), "maximum_arity": Number("3"), "minimum_arity": Number("1"),
			"module": String(mod), "name": String(fn), "optional_keyword_only": Array{}, "overload_count": Null{},
			"parameters": params, "python_module": String(fmt.Sprintf("lib.sub%d", i%10)), "python_name": String(fn),
			"required_arity": Number("1"), "required_keyword_only": Array{}, "return_annotation": Null{},
			"return_type": SortedObject(map[string]Value{"type": String("any")}), "signature_available": Bool(true),
			"signature_detail": String("inspect.signature"), "signature_missing_reason": Array{},
			"signature_source": String("runtime"), "streaming": Bool(false),
		})
	}
	out, err := MarshalJason(SortedObject(map[string]Value{
		"classes": Object{}, "modules": Object{}, "symbols": SortedObject(symbols), "version": String("0.16.0"),
	}))
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func BenchmarkParseManifest2000(b *testing.B) {
	data := syntheticManifest(b, 2000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		m, err := ParseManifest("manifest.json", data)
		if err != nil || len(m.Symbols) != 2000 {
			b.Fatalf("%v, %d symbols", err, len(m.Symbols))
		}
	}
}

func BenchmarkParseLock20Libs(b *testing.B) {
	libs := map[string]Value{}
	pkgs := map[string]Value{}
	for i := range 20 {
		name := fmt.Sprintf("library_%02d", i)
		libs[name] = SortedObject(map[string]Value{
			"config_hash": String(strings.Repeat(strconv.Itoa(i%10), 64)), "hash": Null{},
			"requested": String("~> 1." + strconv.Itoa(i)), "resolved": String("~> 1." + strconv.Itoa(i)),
		})
		pkgs[name] = Object{Keys: []string{"version", "hash"}, Values: []Value{String("1." + strconv.Itoa(i) + ".0"), Null{}}}
	}
	data, err := MarshalJason(SortedObject(map[string]Value{
		"compatibility": SortedObject(map[string]Value{"compute_capability_min": Null{}, "cuda_min": Null{}}),
		"environment": SortedObject(map[string]Value{
			"elixir_version": String("1.18.4"), "generator_hash": String(strings.Repeat("a", 64)),
			"hardware": SortedObject(map[string]Value{"accelerator": String("cpu"),
				"cpu_features": Array{String("sse3"), String("avx"), String("avx2")}, "gpu_count": Number("0")}),
			"otp_version": String("28"), "platform": SortedObject(map[string]Value{"arch": String("x86_64"), "os": String("linux")}),
			"python_packages_hash": String("sha256:" + strings.Repeat("b", 64)), "python_platform": String("x86_64-pc-linux-gnu"),
			"python_runtime_hash": String(strings.Repeat("c", 64)), "python_version": String("3.12.3"),
			"snakebridge_version": String("0.16.0"),
		}),
		"libraries": SortedObject(libs), "python_packages": SortedObject(pkgs), "version": String("0.16.0"),
	}))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		l, err := ParseLock("snakebridge.lock", data)
		if err != nil || len(l.Libraries) != 20 {
			b.Fatalf("%v, %d libraries", err, len(l.Libraries))
		}
	}
}

func BenchmarkMarshalJasonManifest2000(b *testing.B) {
	data := syntheticManifest(b, 2000)
	n, err := ParseJSON("manifest.json", data)
	if err != nil {
		b.Fatal(err)
	}
	v := n.Value()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := MarshalJason(v); err != nil {
			b.Fatal(err)
		}
	}
}
