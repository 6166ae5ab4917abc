package codegen_test

import (
	"context"
	"fmt"
	"os"

	"github.com/snakebridge-lsp/snakebridge-lsp/codegen"
)

// childStateEnv is the Environment.StateDir of a "noop" child.
const childStateEnv = "CODEGEN_TEST_CHILD_STATE"

// runNoopChild generates as the CLI does (a fresh Environment) and prints
// "up to date" when the run found nothing changed, "generated" otherwise.
func runNoopChild() int {
	env := codegen.DefaultEnvironment()
	defer env.Close()
	env.Pyhelper.CacheDir = os.Getenv(childCacheEnv)
	env.StateDir = os.Getenv(childStateEnv)
	res, err := codegen.Generate(context.Background(), codegen.Request{
		Project: os.Getenv(childProjectEnv), Python: os.Getenv(childPythonEnv), Environment: env})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for _, l := range res.Libraries {
		if l.Error != nil {
			fmt.Fprintln(os.Stderr, *l.Error)
			return 1
		}
	}
	if res.UpToDate {
		fmt.Println("up to date")
	} else {
		fmt.Println("generated")
	}
	return 0
}
