package codegen

import (
	"os"
	"slices"
	"testing"
)

// TestEnvironFollowsGetenv: a child process sees the environment as Getenv
// reports it, including variables only Getenv knows and without those it
// hides.
func TestEnvironFollowsGetenv(t *testing.T) {
	t.Setenv("SNAKEBRIDGE_LSP_ENVIRON_HIDDEN", "1")
	t.Setenv("SNAKEBRIDGE_LSP_ENVIRON_KEPT", "disk")
	t.Setenv("SNAKEBRIDGE_STRICT", "") // restored after the test
	os.Unsetenv("SNAKEBRIDGE_STRICT")
	getenv := func(k string) (string, bool) {
		switch k {
		case "SNAKEBRIDGE_LSP_ENVIRON_HIDDEN":
			return "", false
		case "SNAKEBRIDGE_LSP_ENVIRON_KEPT":
			return "override", true
		case "SNAKEBRIDGE_STRICT":
			return "1", true
		}
		return os.LookupEnv(k)
	}
	env := (&run{req: Request{Getenv: getenv}}).environ()
	for _, want := range []string{"SNAKEBRIDGE_LSP_ENVIRON_KEPT=override", "SNAKEBRIDGE_STRICT=1", "PATH=" + os.Getenv("PATH")} {
		if !slices.Contains(env, want) {
			t.Errorf("environ lacks %s", want)
		}
	}
	if slices.ContainsFunc(env, func(kv string) bool { return len(kv) > 30 && kv[:30] == "SNAKEBRIDGE_LSP_ENVIRON_HIDDEN" }) {
		t.Error("environ passes a variable Getenv hides")
	}
}
