// Package crdgen only pins the packages controller-gen reads.
package crdgen

import (
	_ "github.com/fluxcd/helm-controller/api/v2"
)
