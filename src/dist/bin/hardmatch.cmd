@echo off
rem hardmatch launcher for Windows (docs/distribution.md): finds Java 17+ (JAVA_HOME, then PATH)
rem and starts lib\hardmatch.jar. The first run records a class-data-sharing archive in
rem %LOCALAPPDATA%\hardmatch; later runs start from it, and one that no longer matches the jar or
rem the JVM is ignored silently. HARDMATCH_CDS=off skips it; HARDMATCH_OPTS adds JVM options.
setlocal
set "APP_HOME=%~dp0.."
set "JAR=%APP_HOME%\lib\hardmatch.jar"
set "JAVACMD=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVACMD=%JAVA_HOME%\bin\java.exe"
set "FLAGS=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:cds=off -Xlog:cds+dynamic=off"
set "CDS="
if /i "%HARDMATCH_CDS%"=="off" goto run
if not defined LOCALAPPDATA goto run
set "CACHE=%LOCALAPPDATA%\hardmatch"
if not exist "%CACHE%" mkdir "%CACHE%" 2>nul
for %%F in ("%JAR%") do set "STAMP=%%~zF-%%~tF"
set "STAMP=%STAMP: =_%"
set "STAMP=%STAMP::=%"
set "STAMP=%STAMP:/=%"
set "STAMP=%STAMP:.=%"
set "JSA=%CACHE%\hardmatch-%STAMP%.jsa"
if exist "%JSA%" (set "CDS=-XX:SharedArchiveFile=%JSA%") else (set "CDS=-XX:ArchiveClassesAtExit=%JSA%")
:run
"%JAVACMD%" %FLAGS% %CDS% %HARDMATCH_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
