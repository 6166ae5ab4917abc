package term

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/testenv"
)

// erlangSyntax renders t as an Erlang term literal for file:consult/1.
func erlangSyntax(t Term) string {
	var b strings.Builder
	writeErlang(&b, t)
	return b.String()
}

func writeErlang(b *strings.Builder, t Term) {
	switch x := t.(type) {
	case Atom:
		b.WriteByte('\'')
		for _, r := range string(x) {
			fmt.Fprintf(b, "\\x{%X}", r)
		}
		b.WriteByte('\'')
	case Binary:
		b.WriteString("<<")
		for i := 0; i < len(x); i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(int(x[i])))
		}
		b.WriteString(">>")
	case Integer:
		b.WriteString(x.V.String())
	case Float:
		fmt.Fprintf(b, "%.17e", float64(x))
	case List:
		b.WriteByte('[')
		writeErlangSeq(b, x)
		b.WriteByte(']')
	case Tuple:
		b.WriteByte('{')
		writeErlangSeq(b, x)
		b.WriteByte('}')
	case Map:
		b.WriteString("#{")
		for i := range x.Keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeErlang(b, x.Keys[i])
			b.WriteString(" => ")
			writeErlang(b, x.Values[i])
		}
		b.WriteByte('}')
	}
}

func writeErlangSeq(b *strings.Builder, ts []Term) {
	for i, e := range ts {
		if i > 0 {
			b.WriteByte(',')
		}
		writeErlang(b, e)
	}
}

// erlangEncodings asks a real Erlang runtime for term_to_binary of every term,
// with the OTP <= 25 default (minor_version 1) and with minor_version 2.
func erlangEncodings(t *testing.T, terms []Term) (latin1, utf8 [][]byte) {
	t.Helper()
	erl := testenv.Tool(t, "erl")
	dir := t.TempDir()
	var src strings.Builder
	for _, tm := range terms {
		src.WriteString(erlangSyntax(tm))
		src.WriteString(".\n")
	}
	termsFile := filepath.Join(dir, "terms.txt")
	if err := os.WriteFile(termsFile, []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	script := fmt.Sprintf(`{ok, Ts} = file:consult(%q),
lists:foreach(fun(T) ->
  io:format("~s ~s~n", [binary:encode_hex(term_to_binary(T, [{minor_version, 1}])),
                        binary:encode_hex(term_to_binary(T, [{minor_version, 2}]))])
end, Ts), halt().`, termsFile)
	out, err := exec.Command(erl, "-noshell", "-eval", script).CombinedOutput()
	if err != nil {
		t.Fatalf("erl: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(terms) {
		t.Fatalf("erl printed %d lines for %d terms:\n%s", len(lines), len(terms), out)
	}
	for _, line := range lines {
		parts := strings.Fields(line)
		if len(parts) != 2 {
			t.Fatalf("unexpected erl line %q", line)
		}
		l, err1 := hex.DecodeString(parts[0])
		u, err2 := hex.DecodeString(parts[1])
		if err1 != nil || err2 != nil {
			t.Fatalf("bad hex in %q", line)
		}
		latin1 = append(latin1, l)
		utf8 = append(utf8, u)
	}
	return latin1, utf8
}

func TestEncodeMatchesErlang(t *testing.T) {
	terms := handPickedTerms()
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		terms = append(terms, randomTerm(rng, 0))
	}
	latin1, utf8 := erlangEncodings(t, terms)
	for i, tm := range terms {
		gotL, err := Encode(tm, AtomsLatin1)
		if err != nil {
			t.Fatalf("Encode(%s, latin1): %v", erlangSyntax(tm), err)
		}
		gotU, err := Encode(tm, AtomsUTF8)
		if err != nil {
			t.Fatalf("Encode(%s, utf8): %v", erlangSyntax(tm), err)
		}
		if !bytes.Equal(gotL, latin1[i]) {
			t.Errorf("latin1 encoding of %s:\n got  %x\n want %x", erlangSyntax(tm), gotL, latin1[i])
		}
		if !bytes.Equal(gotU, utf8[i]) {
			t.Errorf("utf8 encoding of %s:\n got  %x\n want %x", erlangSyntax(tm), gotU, utf8[i])
		}
	}
}

func bigInt(s string) Integer {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic(s)
	}
	return Integer{V: v}
}

func handPickedTerms() []Term {
	return []Term{
		Atom("nil"), Atom(""), Atom("Elixir.Numpy"), Atom("μ"), Atom("ünïcödé"), Atom("日本"),
		Atom(strings.Repeat("a", 255)), Atom(strings.Repeat("é", 200)),
		Binary(""), Binary("hello"), Binary("\xff\x00"),
		Int(0), Int(255), Int(256), Int(-1), Int(math.MaxInt32), Int(math.MinInt32),
		Int(math.MaxInt32 + 1), Int(math.MinInt32 - 1), bigInt("123456789012345678901234567890"),
		bigInt("-98765432109876543210"), bigInt("1" + strings.Repeat("0", 700)),
		Float(0), Float(1.5), Float(-2.25e-300), Float(math.MaxFloat64),
		List{}, List{Int(97), Int(98)}, List{Int(1), Int(256)}, List{Int(-1)}, List{Atom("a")},
		Tuple{}, Tuple{Atom("only"), List{Binary("a")}}, largeTuple(300),
		Map{}, Map{Keys: []Term{Atom("b"), Int(1), Binary("a")}, Values: []Term{Int(1), Int(2), Int(3)}},
		Map{Keys: []Term{Tuple{Int(1)}, List{}, List{Int(1), Atom("x")}, Map{}}, Values: []Term{Int(1), Int(2), Int(3), Int(4)}},
	}
}

func largeTuple(n int) Tuple {
	t := make(Tuple, n)
	for i := range t {
		t[i] = Int(int64(i))
	}
	return t
}

func randomTerm(rng *rand.Rand, depth int) Term {
	kinds := 9
	if depth > 3 {
		kinds = 5
	}
	switch rng.IntN(kinds) {
	case 0:
		return randomAtom(rng)
	case 1:
		b := make([]byte, rng.IntN(6))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		return Binary(b)
	case 2:
		return Int(rng.Int64N(1<<40) - 1<<39)
	case 3:
		return Int(rng.Int64N(300))
	case 4:
		return Float(rng.NormFloat64() * 1e6)
	case 5, 6:
		n := rng.IntN(5)
		l := make(List, n)
		for i := range l {
			l[i] = randomTerm(rng, depth+1)
		}
		return l
	case 7:
		return Tuple{randomAtom(rng), randomTerm(rng, depth+1)}
	default:
		n := rng.IntN(4)
		m := Map{}
		for i := range n {
			m.Keys = append(m.Keys, Atom(fmt.Sprintf("k%d%s", i, randomAtom(rng))))
			m.Values = append(m.Values, randomTerm(rng, depth+1))
		}
		return m
	}
}

func randomAtom(rng *rand.Rand) Atom {
	alphabet := []rune("abcXYZ_.é μ日")
	n := rng.IntN(8)
	r := make([]rune, n)
	for i := range r {
		r[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return Atom(string(r))
}
