// Command k8svalidate decodes Kubernetes manifests strictly into the API types of k8s.io/api, the
// types the API server itself decodes into, and checks what the API server's validation would
// refuse first: names, labels and selectors, with the validation helpers of k8s.io/apimachinery.
//
// Input: multi-document YAML (as `helm template` prints it) from the files named as arguments, or
// from standard input. A document of an unknown apiVersion/kind, a field the type does not have, a
// value of the wrong type (replicas: "2"), a duplicate key or an unparsable quantity is an error.
//
// Output (standard output): one JSON object {"objects": [...], "errors": [...]}; every object is
// {"source", "apiVersion", "kind", "name", "object"}, the object as the typed struct marshals it,
// so that what a test asserts on is what Kubernetes would read. Exit status 1 when there is any
// error, 2 when the input cannot be read.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/validation"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
)

type decoded struct {
	Source     string          `json:"source"`
	APIVersion string          `json:"apiVersion"`
	Kind       string          `json:"kind"`
	Name       string          `json:"name"`
	Object     json.RawMessage `json:"object"`
}

type report struct {
	Objects []decoded `json:"objects"`
	Errors  []string  `json:"errors"`
}

func main() {
	var inputs []namedReader
	if len(os.Args) > 1 {
		for _, path := range os.Args[1:] {
			f, err := os.Open(path)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			defer f.Close()
			inputs = append(inputs, namedReader{path, f})
		}
	} else {
		inputs = append(inputs, namedReader{"<stdin>", os.Stdin})
	}

	// EnableStrict: unknown and duplicate fields are errors, as with kubectl --validate=strict.
	deserializer := serializer.NewCodecFactory(scheme.Scheme, serializer.EnableStrict).UniversalDeserializer()
	out := report{Objects: []decoded{}, Errors: []string{}}
	for _, in := range inputs {
		if err := validateStream(deserializer, in, &out); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if len(out.Errors) > 0 {
		os.Exit(1)
	}
}

type namedReader struct {
	name string
	r    io.Reader
}

func validateStream(deserializer runtime.Decoder, in namedReader, out *report) error {
	reader := utilyaml.NewYAMLReader(bufio.NewReader(in.r))
	for index := 0; ; index++ {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", in.name, err)
		}
		source := sourceOf(doc, fmt.Sprintf("%s#%d", in.name, index))
		if isEmpty(doc) {
			continue
		}
		obj, gvk, err := deserializer.Decode(doc, nil, nil)
		if err != nil {
			out.Errors = append(out.Errors, fmt.Sprintf("%s: %v", source, err))
			continue
		}
		obj.GetObjectKind().SetGroupVersionKind(*gvk)
		meta, ok := obj.(metav1.Object)
		if !ok {
			out.Errors = append(out.Errors, fmt.Sprintf("%s: %s is not an object with metadata", source, gvk))
			continue
		}
		for _, problem := range check(obj, meta) {
			out.Errors = append(out.Errors, fmt.Sprintf("%s: %s %q: %s", source, gvk.Kind, meta.GetName(), problem))
		}
		raw, err := json.Marshal(obj)
		if err != nil {
			return err
		}
		out.Objects = append(out.Objects, decoded{
			Source: source, APIVersion: gvk.GroupVersion().String(), Kind: gvk.Kind,
			Name: meta.GetName(), Object: raw,
		})
	}
}

// sourceOf is the template a document came from: helm template's "# Source: <path>" comment.
func sourceOf(doc []byte, fallback string) string {
	for _, line := range strings.Split(string(doc), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "# Source:"); ok {
			return strings.TrimSpace(rest)
		}
	}
	return fallback
}

func isEmpty(doc []byte) bool {
	for _, line := range bytes.Split(doc, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) > 0 && line[0] != '#' && !bytes.Equal(line, []byte("---")) {
			return false
		}
	}
	return true
}

// check applies the API server's first checks with apimachinery's own validation helpers.
func check(obj runtime.Object, meta metav1.Object) []string {
	var problems []string
	add := func(field string, msgs []string) {
		for _, m := range msgs {
			problems = append(problems, field+": "+m)
		}
	}
	if meta.GetName() == "" {
		problems = append(problems, "metadata.name is empty")
	} else {
		add("metadata.name", validation.IsDNS1123Subdomain(meta.GetName()))
	}
	add("metadata.labels", labelProblems(meta.GetLabels()))
	if _, isService := obj.(*corev1.Service); isService {
		add("metadata.name", validation.IsDNS1035Label(meta.GetName()))
	}
	switch o := obj.(type) {
	case *appsv1.Deployment:
		problems = append(problems, selectorProblems(o.Spec.Selector, o.Spec.Template.Labels)...)
		problems = append(problems, podProblems(&o.Spec.Template.Spec)...)
		add("spec.template.metadata.labels", labelProblems(o.Spec.Template.Labels))
	case *appsv1.StatefulSet:
		problems = append(problems, selectorProblems(o.Spec.Selector, o.Spec.Template.Labels)...)
		claims := []string{}
		for _, c := range o.Spec.VolumeClaimTemplates {
			claims = append(claims, c.Name)
		}
		problems = append(problems, podProblems(&o.Spec.Template.Spec, claims...)...)
	case *batchv1.Job:
		problems = append(problems, podProblems(&o.Spec.Template.Spec)...)
		add("spec.template.metadata.labels", labelProblems(o.Spec.Template.Labels))
	}
	return problems
}

func labelProblems(set map[string]string) []string {
	var problems []string
	for key, value := range set {
		for _, m := range validation.IsQualifiedName(key) {
			problems = append(problems, fmt.Sprintf("key %q: %s", key, m))
		}
		for _, m := range validation.IsValidLabelValue(value) {
			problems = append(problems, fmt.Sprintf("value %q of %q: %s", value, key, m))
		}
	}
	return problems
}

func selectorProblems(selector *metav1.LabelSelector, template map[string]string) []string {
	if selector == nil {
		return []string{"spec.selector is required"}
	}
	parsed, err := metav1.LabelSelectorAsSelector(selector)
	if err != nil {
		return []string{"spec.selector: " + err.Error()}
	}
	if parsed.Empty() {
		return []string{"spec.selector is empty"}
	}
	if !parsed.Matches(labels.Set(template)) {
		return []string{"spec.selector does not match spec.template.metadata.labels"}
	}
	return nil
}

// podProblems: claims are the volumes a StatefulSet's volumeClaimTemplates add to each pod.
func podProblems(spec *corev1.PodSpec, claims ...string) []string {
	var problems []string
	if len(spec.Containers) == 0 {
		problems = append(problems, "spec.template.spec.containers is empty")
	}
	volumes := map[string]bool{}
	for _, v := range spec.Volumes {
		volumes[v.Name] = true
	}
	for _, name := range claims {
		volumes[name] = true
	}
	containers := append(append([]corev1.Container{}, spec.InitContainers...), spec.Containers...)
	for _, c := range containers {
		field := fmt.Sprintf("container %q", c.Name)
		for _, m := range validation.IsDNS1123Label(c.Name) {
			problems = append(problems, field+" name: "+m)
		}
		if c.Image == "" {
			problems = append(problems, field+": image is empty")
		}
		ports := map[string]bool{}
		for _, p := range c.Ports {
			for _, m := range validation.IsValidPortNum(int(p.ContainerPort)) {
				problems = append(problems, fmt.Sprintf("%s port %d: %s", field, p.ContainerPort, m))
			}
			if p.Name != "" {
				for _, m := range validation.IsValidPortName(p.Name) {
					problems = append(problems, fmt.Sprintf("%s port %q: %s", field, p.Name, m))
				}
				ports[p.Name] = true
			}
		}
		for _, probe := range []*corev1.Probe{c.StartupProbe, c.LivenessProbe, c.ReadinessProbe} {
			if probe != nil && probe.HTTPGet != nil && probe.HTTPGet.Port.StrVal != "" && !ports[probe.HTTPGet.Port.StrVal] {
				problems = append(problems, fmt.Sprintf("%s: a probe names port %q, which the container does not have", field, probe.HTTPGet.Port.StrVal))
			}
		}
		for _, e := range c.Env {
			for _, m := range validation.IsEnvVarName(e.Name) {
				problems = append(problems, fmt.Sprintf("%s env %q: %s", field, e.Name, m))
			}
		}
		for _, m := range c.VolumeMounts {
			if !volumes[m.Name] {
				problems = append(problems, fmt.Sprintf("%s mounts volume %q, which the pod does not have", field, m.Name))
			}
		}
	}
	return problems
}
