# hardmatch launcher for PowerShell (docs/distribution.md): finds Java 17+ (JAVA_HOME, then PATH)
# and starts lib\hardmatch.jar. The first run records a class-data-sharing archive in
# $env:LOCALAPPDATA\hardmatch; later runs start from it, and one that no longer matches the jar or
# the JVM is ignored silently. HARDMATCH_CDS=off skips it; HARDMATCH_OPTS adds JVM options.
$appHome = Split-Path -Parent $PSScriptRoot
# Java cannot ask whether stderr alone is a console: tell it (progress with stdout redirected).
if (-not $env:HARDMATCH_STDERR_TTY) {
  $env:HARDMATCH_STDERR_TTY = if ([Console]::IsErrorRedirected) { '0' } else { '1' }
}
# Text output fits the console's width (never wrapped when stdout is redirected).
if (-not $env:HARDMATCH_COLUMNS -and -not [Console]::IsOutputRedirected) {
  $env:HARDMATCH_COLUMNS = [Console]::WindowWidth
}
$jar = Join-Path $appHome 'lib/hardmatch.jar'
$java = 'java'
if ($env:JAVA_HOME -and (Test-Path (Join-Path $env:JAVA_HOME 'bin/java*'))) {
  $java = Join-Path $env:JAVA_HOME 'bin/java'
}
$flags = @('-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xlog:cds=off', '-Xlog:cds+dynamic=off')
$cacheRoot = if ($env:LOCALAPPDATA) { $env:LOCALAPPDATA } elseif ($env:XDG_CACHE_HOME) { $env:XDG_CACHE_HOME } elseif ($env:HOME) { Join-Path $env:HOME '.cache' } else { $null }
if ($env:HARDMATCH_CDS -ne 'off' -and $cacheRoot) {
  $cache = Join-Path $cacheRoot 'hardmatch'
  New-Item -ItemType Directory -Force -Path $cache -ErrorAction SilentlyContinue | Out-Null
  $item = Get-Item $jar
  $jsa = Join-Path $cache ("hardmatch-{0}-{1}.jsa" -f $item.Length, $item.LastWriteTimeUtc.Ticks)
  if (Test-Path $jsa) { $flags += "-XX:SharedArchiveFile=$jsa" } else { $flags += "-XX:ArchiveClassesAtExit=$jsa" }
}
if ($env:HARDMATCH_OPTS) { $flags += ($env:HARDMATCH_OPTS -split '\s+' | Where-Object { $_ }) }
& $java @flags -jar $jar @args
exit $LASTEXITCODE
