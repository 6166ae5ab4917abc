package codegen

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/hardware"
)

// Hardware is the lock's environment.hardware and platform (compat §2.2),
// detected as check verifies it (analysis/hardware), so that a lock
// written here is never found wrong here.
type Hardware = hardware.Identity

// ErlangFacts are the lock fields only the BEAM can tell.
type ErlangFacts struct {
	OTPVersion     string
	ElixirVersion  string
	PythonPlatform string // erlang:system_info(system_architecture)
}

// probeTimeout bounds the one BEAM start; a slower machine leaves the
// fields to the previous lock rather than stalling the run.
const probeTimeout = 20 * time.Second

// The probes print one fact per line. Elixir's prints what upstream
// records (compat §2.2): System.otp_release(), the system architecture
// (§2.6) and System.version(); both print the architecture charlist as
// text, so the two agree byte for byte on the first two lines.
const (
	elixirProbe = `IO.puts(System.otp_release()); IO.puts(:erlang.system_info(:system_architecture)); IO.puts(System.version())`
	erlProbe    = `io:format("~s~n~s~n", [erlang:system_info(otp_release), erlang:system_info(system_architecture)]), halt().`
)

// errNoBEAM is probeErlang's error when neither tool is installed: a
// definite answer (cached), unlike a probe that failed.
var errNoBEAM = errors.New("neither elixir nor erl is on PATH")

// DetectErlang starts one BEAM to learn the lock's Erlang facts: elixir
// when installed (it runs the erl on PATH, as mix does), else erl, which
// cannot tell the Elixir version. Fields it could not learn stay empty
// for the caller to carry over from the previous lock (carryErlang).
func DetectErlang(ctx context.Context) ErlangFacts {
	f, _ := probeErlang(ctx)
	return f
}

// probeErlang is DetectErlang with the reason a probe told nothing; only
// a nil error or errNoBEAM is worth remembering.
func probeErlang(ctx context.Context) (ErlangFacts, error) {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	if ex, err := exec.LookPath("elixir"); err == nil {
		lines, err := probeLines(ctx, 3, ex, "-e", elixirProbe)
		if err == nil {
			return ErlangFacts{OTPVersion: lines[0], PythonPlatform: lines[1], ElixirVersion: lines[2]}, nil
		}
		// A broken elixir may sit beside a working erl: ask erl, but do
		// not remember a result that lacks what elixir should have told.
		f, ferr := probeErl(ctx)
		return f, errors.Join(err, ferr, errors.New("elixir did not answer"))
	}
	return probeErl(ctx)
}

func probeErl(ctx context.Context) (ErlangFacts, error) {
	erl, err := exec.LookPath("erl")
	if err != nil {
		return ErlangFacts{}, errNoBEAM
	}
	lines, err := probeLines(ctx, 2, erl, "-noshell", "-eval", erlProbe)
	if err != nil {
		return ErlangFacts{}, err
	}
	return ErlangFacts{OTPVersion: lines[0], PythonPlatform: lines[1]}, nil
}

// probeLines runs exe and returns its n non-empty trimmed output lines.
func probeLines(ctx context.Context, n int, exe string, args ...string) ([]string, error) {
	out, err := exec.CommandContext(ctx, exe, args...).Output()
	if err != nil {
		return nil, fmt.Errorf("running %s: %w", exe, err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != n {
		return nil, fmt.Errorf("%s printed %d lines, want %d: %q", exe, len(lines), n, out)
	}
	for i, l := range lines {
		if lines[i] = strings.TrimSpace(l); lines[i] == "" {
			return nil, fmt.Errorf("%s printed an empty line %d: %q", exe, i+1, out)
		}
	}
	return lines, nil
}
