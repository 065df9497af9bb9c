// deploy-check validates the deployment files without a Docker engine or a cluster, with the
// reference libraries of each format:
//
//	deploy-check compose [-f docker-compose.yml] [NAME=value ...]
//	    loads the file the way `docker compose` does (compose-go: interpolation, merge keys, the
//	    Compose specification's JSON schema and its semantic checks) and prints the resolved
//	    project as JSON; NAME=value pairs stand in for the operator's environment.
//	deploy-check kubernetes FILE...
//	    decodes every document with the Kubernetes API types in strict mode, as the API server's
//	    field validation does: unknown or duplicate fields and wrong types are errors.
//
// Problems go to stderr, one a line, with exit code 1.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/runtime"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	kyaml "k8s.io/apimachinery/pkg/util/yaml"
)

func main() {
	if len(os.Args) < 2 {
		fail(errors.New("usage: deploy-check compose|kubernetes ..."))
	}
	switch os.Args[1] {
	case "compose":
		compose(os.Args[2:])
	case "kubernetes":
		kubernetes(os.Args[2:])
	default:
		fail(fmt.Errorf("unknown command %q", os.Args[1]))
	}
}

func compose(args []string) {
	flags := flag.NewFlagSet("compose", flag.ExitOnError)
	file := flags.String("f", "docker-compose.yml", "the compose file")
	_ = flags.Parse(args)
	opts, err := cli.NewProjectOptions([]string{*file}, cli.WithEnv(flags.Args()), cli.WithResolvedPaths(false), cli.WithInterpolation(true))
	if err != nil {
		fail(err)
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	out, err := json.Marshal(project)
	if err != nil {
		fail(err)
	}
	fmt.Println(string(out))
}

func kubernetes(files []string) {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{corev1.AddToScheme, appsv1.AddToScheme, batchv1.AddToScheme, policyv1.AddToScheme, autoscalingv2.AddToScheme, networkingv1.AddToScheme} {
		if err := add(scheme); err != nil {
			fail(err)
		}
	}
	strict := kjson.NewSerializerWithOptions(kjson.DefaultMetaFactory, scheme, scheme, kjson.SerializerOptions{Yaml: true, Strict: true})
	problems, documents := 0, 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			fail(err)
		}
		reader := kyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
		for {
			doc, err := reader.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				fail(fmt.Errorf("%s: %w", file, err))
			}
			if len(bytes.TrimSpace(doc)) == 0 {
				continue
			}
			documents++
			if _, gvk, err := strict.Decode(doc, nil, nil); err != nil {
				problems++
				where := file
				if gvk != nil {
					where = fmt.Sprintf("%s %s", file, gvk.Kind)
				}
				fmt.Fprintf(os.Stderr, "%s: %v\n", where, err)
			}
		}
	}
	fmt.Printf("{\"documents\":%d,\"problems\":%d}\n", documents, problems)
	if problems > 0 {
		os.Exit(1)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
