// Command composeconfig loads a Compose file with the Compose specification's own loader
// (github.com/compose-spec/compose-go/v2, what `docker compose config` runs): the file is
// validated against the specification's JSON schema, variables are interpolated (a missing
// `${VAR:?...}` is an error), anchors and merges resolved, and the model normalised. It prints
// the normalised project as JSON on standard output; any error goes to standard error with exit
// status 1.
//
//	composeconfig -f docker-compose.yml [-env-file deploy/compose/.env] [-os-env]
//
// Without -os-env the process environment is not read, so the result depends only on the files.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	file := flag.String("f", "docker-compose.yml", "the Compose file")
	envFile := flag.String("env-file", "", "an env file with the variables (none: only -os-env, if given)")
	osEnv := flag.Bool("os-env", false, "also take variables from the process environment, as docker compose does")
	flag.Parse()

	options := []cli.ProjectOptionsFn{
		cli.WithInterpolation(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
		cli.WithResolvedPaths(true),
	}
	if *osEnv {
		options = append(options, cli.WithOsEnv)
	}
	if *envFile != "" {
		options = append(options, cli.WithEnvFiles(*envFile), cli.WithDotEnv)
	}
	projectOptions, err := cli.NewProjectOptions([]string{*file}, options...)
	if err != nil {
		fail(err)
	}
	project, err := projectOptions.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	out, err := project.MarshalJSON()
	if err != nil {
		fail(err)
	}
	os.Stdout.Write(out)
	os.Stdout.WriteString("\n")
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
