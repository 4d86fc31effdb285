# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
#
# The tls module for waf-era ns-3 trees (ns-3.35): copy this directory to
# contrib/tls, then ./waf configure --enable-examples --enable-tests && ./waf.
# OpenSSL >= 3.0 is found through pkg-config, as ns-3's own optional external
# libraries are; without it the module is reported as not built.
# The file lists are read from CMakeLists.txt, so that both builds compile
# the same files.

import os
import re


def _cmake_list(bld_or_conf, name):
    """Return the files of set(NAME ...) in this module's CMakeLists.txt."""
    path = os.path.join(bld_or_conf.path.abspath(), 'CMakeLists.txt')
    with open(path) as f:
        text = f.read()
    match = re.search(r'set\(\s*' + name + r'\s+([^)]*)\)', text)
    if not match:
        raise RuntimeError('tls: no set(%s ...) in %s' % (name, path))
    return match.group(1).split()


def options(opt):
    pass


def configure(conf):
    have_openssl = conf.check_cfg(package='openssl', atleast_version='3.0.0',
                                  args=['--cflags', '--libs'],
                                  uselib_store='OPENSSL', mandatory=False)
    conf.env['ENABLE_TLS'] = bool(have_openssl)
    # The ns-3 release, for model/tls-ns3-compat.h (ns3/version-defines.h exists only
    # in git checkouts built with build-version on).
    version_node = conf.srcnode.find_node('VERSION')
    version = version_node.read().strip() if version_node else ''
    match = re.match(r'3\.(\d+)', version)
    if not match:
        conf.fatal('tls: the ns-3 tree has no VERSION file naming a release like 3.35 '
                   '(found %r)' % version)
    conf.env['TLS_NS3_VERSION_MINOR'] = int(match.group(1))
    conf.report_optional_feature('tls', 'TLS handshakes (OpenSSL >= 3.0)',
                                 conf.env['ENABLE_TLS'],
                                 'OpenSSL >= 3.0 not found by pkg-config (Debian: libssl-dev)')
    if not conf.env['ENABLE_TLS']:
        conf.env['MODULES_NOT_BUILT'].append('tls')


def build(bld):
    if 'tls' in bld.env['MODULES_NOT_BUILT']:
        return

    # The ns-3 modules of the library and its tests: TLS_NS3_MODULES in CMakeLists.txt.
    module = bld.create_ns3_module('tls', _cmake_list(bld, 'TLS_NS3_MODULES'))
    module.source = _cmake_list(bld, 'TLS_SOURCES')
    module.use.append('OPENSSL')
    # Every file that includes the module's headers needs the release: the module's
    # own, and (export_defines) the tests, examples and programs that use it.
    release = ['TLS_NS3_VERSION_MINOR=%d' % bld.env['TLS_NS3_VERSION_MINOR']]
    module.defines = release
    module.export_defines = release

    module_test = bld.create_ns3_module_test_library('tls')
    module_test.source = _cmake_list(bld, 'TLS_TEST_SOURCES')
    module_test.use.extend(['OPENSSL'])
    module_test.defines = release

    headers = bld(features='ns3header')
    headers.module = 'tls'
    headers.source = _cmake_list(bld, 'TLS_HEADERS')

    if bld.env.ENABLE_EXAMPLES:
        bld.recurse('examples')
